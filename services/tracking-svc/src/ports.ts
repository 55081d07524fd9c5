/**
 * What the tracking service needs from other services, as narrow interfaces implemented through
 * their owners' public faces. The incidents service decides whether a vendor may report positions
 * and who may read them; tracking never reads or writes the incidents keyspace or table itself.
 */
import { type ReportVerdict, type TrackedIncident, type TrackingAccess, trackingAccess } from '@roadcall/incidents-svc';

export type { ReportVerdict, TrackedIncident };

/** The incidents port: whether a vendor may report, and what a reader may see. */
export type IncidentsPort = TrackingAccess;

/**
 * The incidents service's answers, through its public face.
 *
 * @example
 * if ((await incidentsPort().mayReport(incidentId, vendorId)) !== 'allowed') throw new NotAssignedVendorError(incidentId);
 */
export function incidentsPort(): IncidentsPort {
  return trackingAccess();
}
