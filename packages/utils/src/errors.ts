import { GATEWAY_ERROR_CODES } from '@roadcall/contracts';

/**
 * The error family every Roadcall package extends. The handler wrapper maps an error to HTTP by
 * its `httpStatus` and `code`, so a package adds a failure mode by subclassing, not by teaching
 * the wrapper about it.
 */
export interface RoadcallErrorOptions {
  readonly cause?: unknown;
  /** Safe, client-facing detail (validation issues, the conflicting state). Never secrets. */
  readonly details?: unknown;
}

export abstract class RoadcallError extends Error {
  /** Stable machine-readable code, e.g. `NOT_FOUND`. */
  abstract readonly code: string;
  /** The HTTP status the handler wrapper answers with. */
  abstract readonly httpStatus: number;
  readonly details?: unknown;

  constructor(message: string, options: RoadcallErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }
}

/** 400: the request is malformed or fails validation. */
export class ValidationError extends RoadcallError {
  readonly code: string = 'VALIDATION_FAILED';
  readonly httpStatus = 400;
}

/** 400: the body is not valid JSON. */
export class MalformedJsonError extends ValidationError {
  override readonly code = 'MALFORMED_JSON';
}

/** 401: no credentials, or credentials that do not verify. */
export class UnauthenticatedError extends RoadcallError {
  readonly code = GATEWAY_ERROR_CODES.unauthenticated;
  readonly httpStatus = 401;
}

/** 403: authenticated, but not allowed to do this. */
export class ForbiddenError extends RoadcallError {
  readonly code = GATEWAY_ERROR_CODES.forbidden;
  readonly httpStatus = 403;
}

/** 404: no such resource, or one the caller may not know exists. */
export class NotFoundError extends RoadcallError {
  readonly code = 'NOT_FOUND';
  readonly httpStatus = 404;
}

/** 409: the resource is not in a state that allows this (a failed conditional write). */
export class ConflictError extends RoadcallError {
  readonly code: string = 'CONFLICT';
  readonly httpStatus = 409;
}

/** 429: the caller exceeded its rate limit. */
export class RateLimitedError extends RoadcallError {
  readonly code = GATEWAY_ERROR_CODES.rateLimited;
  readonly httpStatus = 429;
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options: RoadcallErrorOptions = {}) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 503: a dependency (Redis, PostgreSQL, DynamoDB, SQS) is down; retry after a while. */
export class DependencyUnavailableError extends RoadcallError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  readonly httpStatus = 503;
  readonly dependency: string;
  readonly retryAfterSeconds: number;

  constructor(dependency: string, message: string, options: RoadcallErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, options);
    this.dependency = dependency;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}

/** Type guard that survives duplicate module copies (bundles, jest module registries). */
export function isRoadcallError(error: unknown): error is RoadcallError {
  return (
    error instanceof RoadcallError ||
    (error instanceof Error &&
      typeof (error as Partial<RoadcallError>).httpStatus === 'number' &&
      typeof (error as Partial<RoadcallError>).code === 'string')
  );
}
