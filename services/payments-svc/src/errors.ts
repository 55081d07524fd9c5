import { ConflictError, NotFoundError, RoadcallError, ValidationError } from '@roadcall/utils';
import { PAYABLE_STATUSES } from './constants';

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

/** 404: no such incident, or one the caller did not report (existence does not leak). */
export class IncidentNotFoundError extends NotFoundError {
  constructor(incidentId: string) {
    super(`No incident ${incidentId}`);
  }
}

/** 409: the incident exists and is the caller's, but is not in a payable state (not completed yet, or cancelled). */
export class IncidentNotPayableError extends ConflictError {
  override readonly code = 'INCIDENT_NOT_PAYABLE';

  constructor(incidentId: string, status: string) {
    super(`Incident ${incidentId} is ${status}; only a completed incident can be paid`, { details: { status, payable: PAYABLE_STATUSES } });
  }
}

/** 409: the body names a vendor other than the one the incident was served by. */
export class VendorMismatchError extends ConflictError {
  override readonly code = 'VENDOR_MISMATCH';

  constructor(incidentId: string) {
    super(`Incident ${incidentId} was served by another vendor; omit vendorId (it comes from the incident)`);
  }
}
