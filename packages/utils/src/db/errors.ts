import { ConflictError, DependencyUnavailableError, type RoadcallErrorOptions } from '../errors';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from './constants';

/**
 * PostgreSQL could not be reached (or kept failing transiently) within the retry budget: a 503
 * with Retry-After, never a 500.
 */
export class DatabaseUnavailableError extends DependencyUnavailableError {
  constructor(message: string, options: RoadcallErrorOptions & { retryAfterSeconds?: number } = {}) {
    super('postgres', message, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS, ...options });
  }
}

/** A transaction kept losing serialization conflicts or deadlocks within its retry budget: 409. */
export class TransactionConflictError extends ConflictError {
  override readonly code = 'TRANSACTION_CONFLICT';

  constructor(message: string, options: RoadcallErrorOptions = {}) {
    super(message, options);
  }
}
