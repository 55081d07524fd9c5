/** A position report from the vendor's device. */
export interface PositionReport {
  readonly lat: number;
  readonly lon: number;
  /** Degrees from north, 0-360. */
  readonly heading?: number;
  readonly speedKmh?: number;
  readonly accuracyM?: number;
  /** When the device took it (ISO); defaults to receipt time. */
  readonly recordedAt?: string;
}

/** The position as stored (latest in Redis, history in DynamoDB). */
export interface StoredPosition extends PositionReport {
  readonly vendorId: string;
  readonly recordedAt: string;
  readonly receivedAt: string;
}

/** A history item in the tracking-history table. */
export interface HistoryItem extends StoredPosition {
  readonly incidentId: string;
  /** Sort key: epoch µs-ish (ms * 1000 + per-incident sequence mod 1000), unique per incident. */
  readonly ts: number;
  /** Epoch seconds; the table's TTL attribute. */
  readonly expiresAt: number;
}

/** What GET /tracking/{incidentId} answers. */
export interface TrackingView {
  readonly incidentId: string;
  readonly status: string;
  readonly vendorId?: string;
  readonly position: StoredPosition | null;
  readonly driver: { readonly lat: number; readonly lon: number };
  readonly distanceKm: number | null;
  readonly etaMinutes: number | null;
}
