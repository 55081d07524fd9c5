import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import { type TrackingConfig, trackingConfig } from './config';
import { HISTORY_FLUSH_THRESHOLD, RATE_WINDOW_SECONDS } from './constants';
import { NoActiveAssignmentError, NotAssignedVendorError, TrackingNotFoundError } from './errors';
import { estimate } from './eta';
import type { HistoryWriter } from './history';
import { trackingKeys } from './keys';
import type { IncidentsPort } from './ports';
import type { PositionStore } from './positions';
import type { FixedWindowLimiter } from './rateLimit';
import type { PositionReport, StoredPosition, TrackingView } from './types';

export interface TrackingServiceDeps {
  readonly positions: PositionStore;
  readonly history: HistoryWriter;
  readonly limiter: FixedWindowLimiter;
  /** The incidents service: whether a vendor may report, who may read. */
  readonly incidents: IncidentsPort;
  readonly config?: () => TrackingConfig;
  readonly now?: () => number;
}

/**
 * Tracking use cases. A location update asks the incidents service whether the vendor may report
 * (beside the rate limit, in parallel), then stores the point in one script; every {@link HISTORY_FLUSH_THRESHOLD}th
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
    const [, verdict] = await Promise.all([
      this.#deps.limiter.consume(trackingKeys.rate(vendorId), this.#config().rateLimitPerMinute, RATE_WINDOW_SECONDS),
      this.#deps.incidents.mayReport(incidentId, vendorId),
    ]);
    if (verdict === 'no-assignment') throw new NoActiveAssignmentError(incidentId);
    if (verdict === 'other-vendor') throw new NotAssignedVendorError(incidentId);

    const receivedAt = new Date(this.#now()).toISOString();
    const position: StoredPosition = { ...report, vendorId, recordedAt: report.recordedAt ?? receivedAt, receivedAt };
    const result = await this.#deps.positions.record(incidentId, position);
    // Every HISTORY_FLUSH_THRESHOLD points, one batch goes to DynamoDB beside the response (the
    // live position is what the caller waits for; history is durable in Redis meanwhile).
    if (result.buffered % HISTORY_FLUSH_THRESHOLD === 0) this.#deps.history.flushSoon(incidentId);
    return { incidentId, recordedAt: position.recordedAt };
  }

  /** The vendor's latest position, distance and ETA: for the driver, the assigned vendor or an admin. */
  async get(auth: AuthContext, incidentId: string): Promise<TrackingView> {
    const [incident, position] = await Promise.all([
      this.#deps.incidents.readFor(auth, incidentId),
      this.#deps.positions.latest(incidentId),
    ]);
    if (!incident) throw new TrackingNotFoundError(incidentId);
    const { status, vendorId, driver } = incident;
    const eta = position ? estimate(position, driver) : undefined;
    return { incidentId, status, vendorId, position, driver, distanceKm: eta?.distanceKm ?? null, etaMinutes: eta?.etaMinutes ?? null };
  }
}
