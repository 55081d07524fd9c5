import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isRoadcallError } from '../errors';
import { corsHeaders } from './cors';

/** The JSON error body every route answers with. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
  readonly requestId: string;
}

/**
 * Maps any thrown value to an API Gateway result: typed errors keep their status, code and
 * details (with Retry-After for 429/503); anything else is a 500 whose message reveals nothing.
 */
export function errorResponse(error: unknown, requestId: string, logger: Logger): APIGatewayProxyResult {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Request-Id': requestId,
    ...corsHeaders(),
  };
  let body: ErrorBody;
  let statusCode: number;
  if (isRoadcallError(error)) {
    statusCode = error.httpStatus;
    body = { error: { code: error.code, message: error.message, details: error.details }, requestId };
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    if (statusCode >= 500) logger.error('Request failed', { error });
    else logger.debug('Request rejected', { code: error.code, message: error.message });
  } else {
    statusCode = 500;
    body = { error: { code: 'INTERNAL_ERROR', message: 'Internal server error' }, requestId };
    logger.error('Unhandled error', { error: error as Error });
  }
  return { statusCode, headers, body: JSON.stringify(body) };
}
