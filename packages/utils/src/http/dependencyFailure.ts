import { DependencyUnavailableError } from '../errors';
import { DEPENDENCY_RETRY_AFTER_SECONDS } from './constants';

/** Node socket error codes that mean "the dependency is down or too slow", not "the request is wrong". */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Error names of timeouts and saturation: the AWS SDK's `TimeoutError` (connection or socket
 * timeout of its request handler), DynamoDB's throttling family, ioredis giving up on a command.
 */
const OVERLOAD_NAMES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'MaxRetriesPerRequestError',
]);

/** Messages of clients that report a timeout only in words (pg's pool, ioredis, the SDK's socket timeout). */
const TIMEOUT_MESSAGES: ReadonlyArray<RegExp> = [
  /timeout exceeded when trying to connect/i, // pg Pool connectionTimeoutMillis
  /Connection terminated due to connection timeout/i, // pg Client
  /^timeout expired$/i, // pg Client connectionTimeoutMillis
  /Command timed out/i, // ioredis commandTimeout
  /Connection is closed/i, // ioredis after the connection dropped
  /socket hang up/i,
  // The SDK wraps a non-Error rejection (a socket error from another realm: bundlers, test
  // runners) as "AWS SDK error wrapper for Error: connect ECONNREFUSED ...", dropping its code.
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b/,
];

const MAX_CAUSE_DEPTH = 5;

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
  readonly $metadata?: unknown;
}

/** The dependency an error came from, as far as its shape tells (for logs and the 503's message). */
function dependencyOf(error: ErrorShape): string {
  if (error.$metadata !== undefined) return 'aws';
  if (error.name === 'MaxRetriesPerRequestError' || /Command timed out|Connection is closed/i.test(String(error.message))) return 'redis';
  if (/trying to connect|Connection terminated|^timeout expired$/i.test(String(error.message))) return 'postgres';
  return 'dependency';
}

function isOverload(error: unknown, depth: number): ErrorShape | undefined {
  if (depth > MAX_CAUSE_DEPTH || typeof error !== 'object' || error === null) return undefined;
  const shape = error as ErrorShape;
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return shape;
  if (typeof shape.name === 'string' && OVERLOAD_NAMES.has(shape.name)) return shape;
  if (typeof shape.message === 'string' && TIMEOUT_MESSAGES.some((pattern) => pattern.test(shape.message as string))) return shape;
  // AggregateError of a dual-stack connect (both ::1 and 127.0.0.1 refused).
  if (Array.isArray(shape.errors)) {
    for (const inner of shape.errors) if (isOverload(inner, depth + 1)) return shape;
  }
  return shape.cause !== undefined && shape.cause !== error ? isOverload(shape.cause, depth + 1) : undefined;
}

/**
 * The 503 an error means when a dependency timed out, refused or dropped the connection, or
 * throttled us: such an answer says "retry later" (with Retry-After), never 500. `undefined` for
 * any other error.
 *
 * @example
 * const mapped = dependencyFailure(Object.assign(new Error('socket timed out'), { name: 'TimeoutError', $metadata: {} }));
 * // mapped?.httpStatus === 503, mapped?.retryAfterSeconds === 2
 */
export function dependencyFailure(error: unknown): DependencyUnavailableError | undefined {
  const match = isOverload(error, 0);
  if (!match) return undefined;
  return new DependencyUnavailableError(dependencyOf(match), 'A dependency is unavailable or too slow right now; retry shortly', {
    cause: error,
    retryAfterSeconds: DEPENDENCY_RETRY_AFTER_SECONDS,
  });
}
