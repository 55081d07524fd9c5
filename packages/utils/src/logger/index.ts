import { Logger } from '@aws-lambda-powertools/logger';
import { ENV } from '@roadcall/contracts';

/**
 * The process-wide Powertools logger (JSON lines, level from LOG_LEVEL, service from
 * POWERTOOLS_SERVICE_NAME). Child loggers carry per-request keys.
 */
export const logger = new Logger({
  serviceName: process.env[ENV.serviceName] || 'roadcall',
  logLevel: (process.env[ENV.logLevel] as 'INFO' | undefined) || 'INFO',
});
