import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import { redisClient } from '@roadcall/utils/redis';
import { canRead } from './access';
import { type Assignment, AssignmentCache, assignmentFrom } from './assignment';
import { IncidentStore } from './store';

/** Whether a vendor may report positions for an incident. */
export type ReportVerdict = 'allowed' | 'no-assignment' | 'other-vendor';

/** What a reader may see of an incident for tracking: where it stands, who serves it, where the driver is. */
export interface TrackedIncident {
  readonly status: string;
  readonly vendorId?: string;
  readonly driver: { readonly lat: number; readonly lon: number };
}

/**
 * The incidents service's answers to tracking (part of its public face): who may report positions
 * and who may read them. The rules stay here, with the incidents; tracking asks and never reads
 * or writes the incidents keyspace or table itself. Read-only: a missing assignment mirror is
 * answered from the table and left for the incidents functions to refill.
 *
 * @example
 * const verdict = await trackingAccess().mayReport(incidentId, auth.vendorId);
 */
export interface TrackingAccess {
  /** `allowed` when `vendorId` is the vendor actively serving the incident. */
  mayReport(incidentId: string, vendorId: string): Promise<ReportVerdict>;
  /** The incident as `auth` may see it for tracking; `undefined` when it may not (or there is none). */
  readFor(auth: AuthContext, incidentId: string): Promise<TrackedIncident | undefined>;
}

/** The incidents side of {@link TrackingAccess}, on an assignment mirror and the incidents table. */
export function createTrackingAccess(deps: { readonly assignments: AssignmentCache; readonly store: IncidentStore }): TrackingAccess {
  const activeAssignment = async (incidentId: string): Promise<Assignment | undefined> => {
    const cached = await deps.assignments.get(incidentId);
    if (cached) return cached;
    const incident = await deps.store.get(incidentId, true);
    return incident ? assignmentFrom(incident) : undefined;
  };
  return {
    async mayReport(incidentId, vendorId) {
      const assignment = await activeAssignment(incidentId);
      if (!assignment) return 'no-assignment';
      return assignment.vendorId === vendorId ? 'allowed' : 'other-vendor';
    },
    async readFor(auth, incidentId) {
      const assignment = await deps.assignments.get(incidentId);
      if (assignment) {
        const allowed =
          hasRole(auth, 'admin') ||
          assignment.driverId === auth.userId ||
          (hasRole(auth, 'vendor') && assignment.vendorId === auth.vendorId);
        return allowed
          ? { status: assignment.status, vendorId: assignment.vendorId, driver: { lat: assignment.lat, lon: assignment.lon } }
          : undefined;
      }
      // Not (or no longer) active: the table says who may look (driver, assigned vendor, admin) and where the driver is.
      const incident = await deps.store.get(incidentId);
      if (!incident || !canRead(auth, incident)) return undefined;
      if (!hasRole(auth, 'admin') && incident.driverId !== auth.userId && incident.vendorId !== auth.vendorId) return undefined;
      return { status: incident.status, vendorId: incident.vendorId, driver: incident.location };
    },
  };
}

let shared: TrackingAccess | undefined;

/** The container's {@link TrackingAccess} on the shared Redis client and the incidents table. */
export function trackingAccess(): TrackingAccess {
  shared ??= createTrackingAccess({ assignments: new AssignmentCache(redisClient()), store: new IncidentStore() });
  return shared;
}
