import { ConflictError, ForbiddenError, NotFoundError } from '@roadcall/utils';

/**
 * 404: no such incident, or one the caller has no part in. Existence is not revealed to strangers:
 * incident ids travel in URLs and logs, and a 403 would confirm that the id is real.
 */
export class IncidentNotFoundError extends NotFoundError {
  constructor(incidentId: string) {
    super(`Incident ${incidentId} not found`, { details: { incidentId } });
  }
}

/** 409: the move is not legal from the incident's current status. */
export class IllegalTransitionError extends ConflictError {
  override readonly code = 'ILLEGAL_TRANSITION';
  constructor(incidentId: string, from: string, to: string) {
    super(`Incident ${incidentId} cannot go from ${from} to ${to}`, { details: { incidentId, from, to } });
  }
}

/** 409: the incident is no longer open for offers (assigned to someone else, cancelled, escalated). */
export class IncidentNotOpenError extends ConflictError {
  override readonly code = 'INCIDENT_NOT_OPEN';
  constructor(incidentId: string, status: string) {
    super(`Incident ${incidentId} is ${status} and can no longer be accepted`, { details: { incidentId, status } });
  }
}

/** 409: this vendor's offer for the incident has expired (it went to the next vendors). */
export class OfferExpiredError extends ConflictError {
  override readonly code = 'OFFER_EXPIRED';
  constructor(incidentId: string) {
    super(`Your offer for incident ${incidentId} has expired`, { details: { incidentId } });
  }
}

/** 403: the caller's role cannot do this (a vendor creating an incident, a driver accepting one). */
export class WrongRoleError extends ForbiddenError {
  constructor(action: string, role: string) {
    super(`Only a ${role} may ${action}`);
  }
}
