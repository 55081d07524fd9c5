// Quiet logs in tests unless asked for (LOG_LEVEL=DEBUG pnpm test): failures speak for themselves.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
