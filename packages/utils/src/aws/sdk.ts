/**
 * The AWS SDK v3 packages, each loaded the first time a function needs it.
 *
 * Why: a static `import` of an SDK client is a `require` at module init in every bundle that
 * reaches it, and each costs tens of ms (client-dynamodb with @smithy/core ~60 ms, client-s3
 * ~50 ms more, client-sesv2 ~20 ms, on a laptop; `pnpm bench coldstart`). With one shared
 * clients module, every function paid for all five. Loading on first use means a function pays
 * only for the services it calls (a payments handler never loads S3 or SES).
 *
 * Modules whose every request needs an SDK (a DynamoDB repository) keep importing it statically,
 * so it still loads during init rather than on a user's first request.
 *
 * The packages stay external to the bundles (the Node.js 22 runtime provides them); `require` is
 * what the CommonJS bundles, jest and tsx all resolve the same way.
 */

/** `@aws-sdk/client-dynamodb`, loaded on first call. */
export const dynamodbSdk = (): typeof import('@aws-sdk/client-dynamodb') => require('@aws-sdk/client-dynamodb');

/** `@aws-sdk/lib-dynamodb` (the document client and its commands), loaded on first call. */
export const documentSdk = (): typeof import('@aws-sdk/lib-dynamodb') => require('@aws-sdk/lib-dynamodb');

/** `@aws-sdk/client-sqs`, loaded on first call. */
export const sqsSdk = (): typeof import('@aws-sdk/client-sqs') => require('@aws-sdk/client-sqs');

/** `@aws-sdk/client-s3`, loaded on first call. */
export const s3Sdk = (): typeof import('@aws-sdk/client-s3') => require('@aws-sdk/client-s3');

/** `@aws-sdk/client-sesv2`, loaded on first call. */
export const sesSdk = (): typeof import('@aws-sdk/client-sesv2') => require('@aws-sdk/client-sesv2');
