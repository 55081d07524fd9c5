import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isRoadcallError } from '../errors';
import { MAX_ERROR_BODY_BYTES } from './constants';
import { corsHeaders } from './cors';
import { dependencyFailure } from './dependencyFailure';

/** The JSON error body every route answers with. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
  readonly requestId: string;
}

/**
 * Maps any thrown value to an API Gateway result: typed errors keep their status, code and
 * details (with Retry-After for 429/503); a dependency timing out, refusing or throttling is a 503
 * with Retry-After; anything else is a 500 whose message reveals nothing. The body never exceeds
 * {@link MAX_ERROR_BODY_BYTES} (details are dropped above it).
 */
export function errorResponse(thrown: unknown, requestId: string, logger: Logger | (() => Logger)): APIGatewayProxyResult {
  // A lazy logger is built only on this (error) path.
  const log = (): Logger => (typeof logger === 'function' ? logger() : logger);
  const error = isRoadcallError(thrown) ? thrown : (dependencyFailure(thrown) ?? thrown);
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
    if (statusCode >= 500) log().error('Request failed', { error });
    else log().debug('Request rejected', { code: error.code, message: error.message });
  } else {
    statusCode = 500;
    body = { error: { code: 'INTERNAL_ERROR', message: 'Internal server error' }, requestId };
    log().error('Unhandled error', { error: error as Error });
  }
  let text = JSON.stringify(body);
  if (Buffer.byteLength(text) > MAX_ERROR_BODY_BYTES) {
    text = JSON.stringify({ error: { code: body.error.code, message: body.error.message.slice(0, 1_000) }, requestId });
  }
  return { statusCode, headers, body: text };
}
