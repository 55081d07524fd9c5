import { ForbiddenError, NotFoundError } from '@roadcall/utils';

/** 404: no vendor is active on this incident (or no such incident, or not the caller's). */
export class NoActiveAssignmentError extends NotFoundError {
  constructor(incidentId: string) {
    super(`No vendor is active on incident ${incidentId}`, { details: { incidentId } });
  }
}

/** 403: only the vendor assigned to the incident may report its position. */
export class NotAssignedVendorError extends ForbiddenError {
  constructor(incidentId: string) {
    super(`Only the vendor assigned to incident ${incidentId} may report its location`);
  }
}

/** 404: tracking of an incident the caller has no part in (existence is not revealed). */
export class TrackingNotFoundError extends NotFoundError {
  constructor(incidentId: string) {
    super(`Incident ${incidentId} not found`, { details: { incidentId } });
  }
}
