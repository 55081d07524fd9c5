import { RoadcallError, ValidationError } from '@roadcall/utils';

/** 400: POST /payments without an (acceptable) Idempotency-Key header. */
export class IdempotencyKeyRequiredError extends ValidationError {
  override readonly code = 'IDEMPOTENCY_KEY_REQUIRED';
}

/**
 * 422: the Idempotency-Key was already used by this caller for a different request body. The
 * first payment stands; the client must use a new key for a new payment.
 */
export class IdempotencyKeyReusedError extends RoadcallError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly httpStatus = 422;
}
