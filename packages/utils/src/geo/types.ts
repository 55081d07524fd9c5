/** A point on Earth, decimal degrees. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/** A grid cell: row (from the south pole) and column (from the antimeridian). */
export interface GeoCell {
  readonly row: number;
  readonly col: number;
  /** `row:col`, stable: used in keys, cache tags and logs. */
  readonly id: string;
}

/**
 * What the index holds for one member (a vendor): where it is, what it offers, whether it is
 * available, and a small summary returned with every hit (so a search needs no second lookup).
 */
export interface GeoMember<Summary = Record<string, unknown>> extends GeoPoint {
  readonly id: string;
  /** Service types offered (e.g. `towing`): each gets its own availability set. */
  readonly services: ReadonlyArray<string>;
  readonly available: boolean;
  readonly summary: Summary;
}

export interface GeoSearchQuery extends GeoPoint {
  readonly radiusKm: number;
  readonly limit: number;
  /** Only members offering this service type. */
  readonly service?: string;
  /** Also return members that are not available (default: available only). */
  readonly includeUnavailable?: boolean;
}

export interface GeoHit<Summary = Record<string, unknown>> extends GeoPoint {
  readonly id: string;
  /** Haversine distance from the query point, km. */
  readonly distanceKm: number;
  readonly services: ReadonlyArray<string>;
  readonly available: boolean;
  readonly summary: Summary;
}

export interface GeoSearchResult<Summary = Record<string, unknown>> {
  /** Nearest first, at most `limit`. */
  readonly hits: ReadonlyArray<GeoHit<Summary>>;
  /** The cells the search read (one pipeline). */
  readonly cells: ReadonlyArray<GeoCell>;
}

/** What an upsert or removal changed: cache entries keyed by these cells are now stale. */
export interface GeoChange {
  readonly previousCell?: GeoCell;
  readonly cell?: GeoCell;
}

/**
 * The marker a full build writes last: an index without it (Redis restarted empty, failed over to
 * an empty replica, flushed) or with another status is not a complete mirror of its table.
 */
export interface GeoIndexState {
  readonly status: 'ready' | 'building';
  /** Increases with every full build (ms epoch of its start). */
  readonly generation: number;
  /** Members loaded by the build. */
  readonly count: number;
  /** ISO time the build finished (or started, while building). */
  readonly at: string;
}
