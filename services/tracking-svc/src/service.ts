import { type AssignmentCache, assignmentOf, canRead, type IncidentStore, incidentKeys } from '@roadcall/incidents-svc';
import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import { type TrackingConfig, trackingConfig } from './config';
import { HISTORY_FLUSH_THRESHOLD, RATE_WINDOW_SECONDS } from './constants';
import { NoActiveAssignmentError, NotAssignedVendorError, TrackingNotFoundError } from './errors';
import { estimate } from './eta';
import type { HistoryWriter } from './history';
import { trackingKeys } from './keys';
import type { PositionStore } from './positions';
import type { FixedWindowLimiter } from './rateLimit';
import type { PositionReport, StoredPosition, TrackingView } from './types';

export interface TrackingServiceDeps {
  readonly positions: PositionStore;
  readonly history: HistoryWriter;
  readonly limiter: FixedWindowLimiter;
  readonly assignments: AssignmentCache;
  readonly incidents: IncidentStore;
  readonly config?: () => TrackingConfig;
  readonly now?: () => number;
}

/**
 * Tracking use cases. A location update costs two Redis round trips (the rate limit, then one
 * script that checks the assignment and stores the point); every {@link HISTORY_FLUSH_THRESHOLD}th
 * point of an incident also starts a BatchWriteItem of its buffered history, off the response path.
 *
 * @example
 * await tracking.updateLocation(auth, incidentId, { lat: 52.52, lon: 13.4, speedKmh: 35 });
 */
export class TrackingService {
  readonly #deps: TrackingServiceDeps;
  readonly #now: () => number;
  readonly #config: () => TrackingConfig;

  constructor(deps: TrackingServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#config = deps.config ?? (() => trackingConfig());
  }

  async updateLocation(auth: AuthContext, incidentId: string, report: PositionReport): Promise<{ incidentId: string; recordedAt: string }> {
    const vendorId = auth.vendorId;
    if (!hasRole(auth, 'vendor') || !vendorId) throw new NotAssignedVendorError(incidentId);
    await this.#deps.limiter.consume(trackingKeys.rate(vendorId), this.#config().rateLimitPerMinute, RATE_WINDOW_SECONDS);

    const receivedAt = new Date(this.#now()).toISOString();
    const position: StoredPosition = { ...report, vendorId, recordedAt: report.recordedAt ?? receivedAt, receivedAt };
    const key = incidentKeys.assignment(incidentId);
    let result = await this.#deps.positions.record(key, incidentId, position);
    if (result.kind === 'no-assignment') {
      // The mirror is missing (expired, Redis restarted): the incidents table decides, and refills it.
      const assignment = await assignmentOf(incidentId, { cache: this.#deps.assignments, store: this.#deps.incidents });
      if (!assignment) throw new NoActiveAssignmentError(incidentId);
      if (assignment.vendorId !== vendorId) throw new NotAssignedVendorError(incidentId);
      result = await this.#deps.positions.record(key, incidentId, position);
    }
    if (result.kind === 'other-vendor') throw new NotAssignedVendorError(incidentId);
    if (result.kind === 'no-assignment') throw new NoActiveAssignmentError(incidentId);
    // Every HISTORY_FLUSH_THRESHOLD points, one batch goes to DynamoDB beside the response (the
    // live position is what the caller waits for; history is durable in Redis meanwhile).
    if (result.buffered % HISTORY_FLUSH_THRESHOLD === 0) this.#deps.history.flushSoon(incidentId);
    return { incidentId, recordedAt: position.recordedAt };
  }

  /** The vendor's latest position, distance and ETA: for the driver, the assigned vendor or an admin. */
  async get(auth: AuthContext, incidentId: string): Promise<TrackingView> {
    const [assignment, position] = await Promise.all([this.#deps.assignments.get(incidentId), this.#deps.positions.latest(incidentId)]);
    let status: string;
    let vendorId: string | undefined;
    let driver: { lat: number; lon: number };
    if (assignment) {
      const allowed =
        hasRole(auth, 'admin') || assignment.driverId === auth.userId || (hasRole(auth, 'vendor') && assignment.vendorId === auth.vendorId);
      if (!allowed) throw new TrackingNotFoundError(incidentId);
      ({ status, vendorId } = assignment);
      driver = { lat: assignment.lat, lon: assignment.lon };
    } else {
      // Not (or no longer) active: the incidents table says who may look and where the driver is.
      const incident = await this.#deps.incidents.get(incidentId);
      if (
        !incident ||
        !canRead(auth, incident) ||
        (!hasRole(auth, 'admin') && incident.driverId !== auth.userId && incident.vendorId !== auth.vendorId)
      ) {
        throw new TrackingNotFoundError(incidentId);
      }
      ({ status, vendorId } = incident);
      driver = incident.location;
    }
    const eta = position ? estimate(position, driver) : undefined;
    return { incidentId, status, vendorId, position, driver, distanceKm: eta?.distanceKm ?? null, etaMinutes: eta?.etaMinutes ?? null };
  }
}
