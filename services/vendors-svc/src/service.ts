import { randomUUID } from 'node:crypto';
import { routeById } from '@roadcall/contracts';
import { DependencyUnavailableError, isRoadcallError, UnauthenticatedError } from '@roadcall/utils';
import { type AuthContext, actsForVendor, hasRole } from '@roadcall/utils/auth';
import { type Cache, cacheKey, httpCacheKey } from '@roadcall/utils/cache';
import { assertValidGeoQuery, type GeoHit, type GeoIndex, haversineKm, MAX_SEARCH_RADIUS_KM } from '@roadcall/utils/geo';
import { recordDegraded } from '@roadcall/utils/metrics';
import {
  CHANGE_CONCURRENCY,
  cellTag,
  DEFAULT_SEARCH_RADIUS_KM,
  INDEX_SEARCH_TIMEOUT_MS,
  INDEX_WRITE_TIMEOUT_MS,
  SEARCH_CACHE_GRID_DEG,
  SEARCH_CACHE_GRID_SLACK_KM,
  type VendorServiceType,
} from './constants';
import { NotVendorOwnerError, VendorNotFoundError } from './errors';
import { toGeoMember, toMatch } from './geo';
import { type GeoIndexMirror, type IndexMode, withTimeout } from './mirror';
import type { ChangeItemResult } from './portTypes';
import type { VendorRepository } from './repository';
import type { VendorCellIndex } from './repository/cellIndex';
import { tableGeoSearch } from './tableSearch';
import type { CacheStatus, NewVendor, Vendor, VendorMatch, VendorPatch, VendorSearchQuery, VendorSummary } from './types';

/** Negative cache of unknown vendor ids: short, and purged when such a vendor is created. */
const NOT_FOUND_TTL_SECONDS = 30;

export interface VendorServiceDeps {
  readonly repo: VendorRepository;
  readonly index: GeoIndex<VendorSummary>;
  /** `vendor-profile` namespace (300 s). */
  readonly profiles: Cache;
  /** `vendor-search` namespace (60 s). */
  readonly searches: Cache;
  readonly clock?: () => Date;
  /**
   * The index as a mirror of the table (state marker, self-rebuild, reconcile). With it (and
   * `cells`), searches survive losing Redis: they are answered from the table's byCell index.
   */
  readonly mirror?: GeoIndexMirror;
  /** The table read by geo cell (the fallback of searches while the index is unavailable). */
  readonly cells?: Pick<VendorCellIndex, 'query'>;
}

/** Why an answer came from the fallback path (the `X-Degraded` header). */
export type DegradedReason = Extract<IndexMode, { use: 'table' }>['reason'];

/** Where a cached read came from, and its value. */
export interface Cached<T> {
  readonly value: T;
  readonly cache: CacheStatus;
  /** Set when the answer came from the fallback (the vendors table) instead of the Redis index. */
  readonly degraded?: DegradedReason;
}

/** Options of {@link findNearestAvailable}: radius and limit default to 25 km and 10. */
export interface NearestQuery {
  readonly lat: number;
  readonly lon: number;
  readonly service?: VendorServiceType;
  readonly radiusKm?: number;
  readonly limit?: number;
}

const profileKey = (vendorId: string): string => cacheKey('vendor', vendorId);

/** GET /vendors/{id}: its HTTP cache entry lives in `vendor-profile` too (the route's cache policy). */
const GET_ROUTE = routeById('vendors.get');

/**
 * Every `vendor-profile` key that holds this vendor: the service's own entry, and the HTTP cache
 * middleware's entry of GET /vendors/{id} (the same `httpCacheKey` the middleware uses).
 */
export function profileCacheKeys(vendorId: string): string[] {
  return [profileKey(vendorId), httpCacheKey(GET_ROUTE, { pathParameters: { id: vendorId } })];
}

/** Runs a Redis-backed step; a Redis failure becomes a 503 with Retry-After, typed errors pass. */
async function viaRedis<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isRoadcallError(error)) throw error;
    throw new DependencyUnavailableError('redis', `Vendor ${what} is unavailable right now`, { cause: error });
  }
}

/**
 * The vendors domain: profiles from the table through the `vendor-profile` cache, geo search
 * through the `vendor-search` cache, and writes that go to the table first (the source of truth),
 * then to the geo index, then purge what was cached about the vendor and its cells.
 *
 * @example
 * const service = vendorService();
 * const { value: matches, cache } = await service.search({ lat: 37.77, lon: -122.42, radiusKm: 10, limit: 5 });
 */
export class VendorService {
  readonly #deps: VendorServiceDeps;
  readonly #clock: () => Date;

  constructor(deps: VendorServiceDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? (() => new Date());
  }

  /** A vendor profile, from the cache when fresh (404 when unknown, cached briefly too). */
  async getProfile(vendorId: string): Promise<Cached<Vendor>> {
    const entry = await this.#deps.profiles.getOrSetEntry<Vendor>(
      profileKey(vendorId),
      async () => {
        const vendor = await this.#deps.repo.get(vendorId);
        if (!vendor) throw new VendorNotFoundError(vendorId);
        return vendor;
      },
      { negative: { ttlSeconds: NOT_FOUND_TTL_SECONDS } },
    );
    return { value: entry.value, cache: entry.source };
  }

  /**
   * The nearest vendors within the radius, nearest first. Cached for 60 s per 0.01° grid point,
   * radius and filters: nearby searches share an entry, and each request re-measures distances
   * from its own point. `cache: false` reads the live index.
   */
  async search(query: VendorSearchQuery, options: { cache?: boolean } = {}): Promise<Cached<VendorMatch[]>> {
    assertValidGeoQuery(query);
    const { mirror, cells } = this.#deps;
    if (!mirror || !cells) return this.#searchIndex(query, options);
    const mode = await mirror.mode();
    if (mode.use === 'table') return this.#searchTable(cells, query, mode.reason);
    try {
      return await withTimeout(this.#searchIndex(query, options), INDEX_SEARCH_TIMEOUT_MS);
    } catch (error) {
      // Bad input is the caller's; anything else here is Redis failing or too slow.
      if (isRoadcallError(error) && error.httpStatus < 500) throw error;
      mirror.reportFailure(error);
      return this.#searchTable(cells, query, 'redis-unavailable');
    }
  }

  /** The fallback: the table's byCell index, uncached (`BYPASS`), counted as degraded. */
  async #searchTable(
    cells: Pick<VendorCellIndex, 'query'>,
    query: VendorSearchQuery,
    reason: DegradedReason,
  ): Promise<Cached<VendorMatch[]>> {
    const started = performance.now();
    // A table timeout here becomes a 503 with Retry-After in the handler wrapper (errorResponse).
    const hits = await tableGeoSearch(cells, query);
    recordDegraded('vendors.geo-search', performance.now() - started);
    return { value: hits.map((hit) => toMatch(hit)), cache: 'BYPASS', degraded: reason };
  }

  async #searchIndex(query: VendorSearchQuery, options: { cache?: boolean }): Promise<Cached<VendorMatch[]>> {
    const filters = { service: query.service, includeUnavailable: query.includeUnavailable };
    if (options.cache === false) {
      const { hits } = await viaRedis('search', () => this.#deps.index.search(query));
      return { value: hits.map((hit) => toMatch(hit)), cache: 'BYPASS' };
    }
    const snap = (value: number): number => Math.round(value / SEARCH_CACHE_GRID_DEG) * SEARCH_CACHE_GRID_DEG;
    const grid = { lat: Number(snap(query.lat).toFixed(2)), lon: Number(snap(query.lon).toFixed(2)) };
    // Widened so that the entry covers the circle of any point that snaps to this grid point.
    const fillRadius = Math.min(MAX_SEARCH_RADIUS_KM + SEARCH_CACHE_GRID_SLACK_KM, query.radiusKm + SEARCH_CACHE_GRID_SLACK_KM);
    const tags = this.#deps.index.grid.cellsWithin(grid, fillRadius).map((cell) => cellTag(cell.id));
    const key = cacheKey(
      'search',
      grid.lat,
      grid.lon,
      query.radiusKm,
      query.service ?? '*',
      query.includeUnavailable ? 'all' : 'on',
      query.limit,
    );
    const entry = await viaRedis('search', () =>
      this.#deps.searches.getOrSetEntry<GeoHit<VendorSummary>[]>(
        key,
        async () => [
          ...(await this.#deps.index.search({ ...grid, ...filters, radiusKm: fillRadius, limit: query.limit }, { validate: false })).hits,
        ],
        { tags },
      ),
    );
    const matches = entry.value
      .map((hit) => ({ hit, distanceKm: haversineKm(query, hit) }))
      .filter(({ distanceKm }) => distanceKm <= query.radiusKm)
      // Ties by id, like the index and the table fallback: the three paths order alike.
      .sort((a, b) => a.distanceKm - b.distanceKm || (a.hit.id < b.hit.id ? -1 : 1))
      .slice(0, query.limit)
      .map(({ hit, distanceKm }) => toMatch(hit, distanceKm));
    return { value: matches, cache: entry.source };
  }

  /**
   * For incident matching: the nearest available vendors offering `service`, read from the live
   * index (never the 60 s search cache: a vendor who just went unavailable must not be offered).
   */
  async findNearestAvailable(query: NearestQuery): Promise<VendorMatch[]> {
    const { value } = await this.search(
      {
        lat: query.lat,
        lon: query.lon,
        service: query.service,
        radiusKm: query.radiusKm ?? DEFAULT_SEARCH_RADIUS_KM,
        limit: query.limit ?? 10,
      },
      { cache: false },
    );
    return value;
  }

  /** Creates a vendor (admins): table, then index; 409 when the id is taken. */
  async create(input: NewVendor): Promise<Vendor> {
    const now = this.#clock().toISOString();
    const vendor: Vendor = {
      vendorId: input.vendorId ?? `vendor-${randomUUID()}`,
      name: input.name,
      ...(input.phone ? { phone: input.phone } : {}),
      services: [...new Set(input.services)],
      location: input.location,
      rating: input.rating ?? 0,
      available: input.available ?? false,
      ...(input.metro ? { metro: input.metro } : {}),
      createdAt: now,
      updatedAt: now,
    };
    await this.#deps.repo.create(vendor);
    await this.#reindex(vendor);
    return vendor;
  }

  /** Availability (and the services currently offered): the vendor itself or an admin. */
  async updateAvailability(
    auth: AuthContext | undefined,
    vendorId: string,
    change: { available: boolean; services?: ReadonlyArray<VendorServiceType> },
  ): Promise<Vendor> {
    return this.updateProfile(auth, vendorId, {
      available: change.available,
      ...(change.services ? { services: [...new Set(change.services)] } : {}),
    });
  }

  /** Location: the vendor itself or an admin. */
  async updateLocation(auth: AuthContext | undefined, vendorId: string, location: { lat: number; lon: number }): Promise<Vendor> {
    return this.updateProfile(auth, vendorId, { location: { lat: location.lat, lon: location.lon } });
  }

  /** Any profile change: the vendor itself or an admin. */
  async updateProfile(auth: AuthContext | undefined, vendorId: string, patch: VendorPatch): Promise<Vendor> {
    assertCanManage(auth, vendorId);
    return this.#apply(vendorId, patch);
  }

  /**
   * A bulk change (the `vendors.applyChanges` function, which only the jobs consumer may invoke:
   * the job checked the administrator when it was created): each vendor changed exactly as the
   * routes change one (table, index, purges), a few at a time; one result per vendor, a failure of
   * one never stops the others.
   */
  async applyChanges(vendorIds: ReadonlyArray<string>, patch: VendorPatch): Promise<ChangeItemResult[]> {
    const ids = [...new Set(vendorIds)];
    const results: ChangeItemResult[] = new Array(ids.length);
    const cells = new Set<string>();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let at = next++; at < ids.length; at = next++) {
        const vendorId = ids[at] as string;
        try {
          await this.#apply(vendorId, patch, cells);
          results[at] = { vendorId, ok: true };
        } catch (error) {
          if (!isRoadcallError(error) || error.httpStatus >= 500) throw error;
          results[at] = { vendorId, ok: false, error: error instanceof VendorNotFoundError ? 'Vendor not found' : error.message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CHANGE_CONCURRENCY, ids.length) }, worker));
    // The searches of each touched cell are purged once for the chunk, not once per vendor.
    await this.#purgeCells(cells);
    return results;
  }

  async #apply(vendorId: string, patch: VendorPatch, deferredCells?: Set<string>): Promise<Vendor> {
    const { before, after } = await this.#deps.repo.update(vendorId, patch, this.#clock().toISOString());
    await this.#reindex(after, before, deferredCells);
    return after;
  }

  async #purgeCells(cells: ReadonlySet<string>): Promise<void> {
    if (cells.size === 0) return;
    try {
      await viaRedis('index', () => Promise.all([...cells].map((id) => this.#deps.searches.invalidateTag(cellTag(id)))));
    } catch (error) {
      // The table has the changes; cached searches expire within their TTL (60 s) at worst.
      this.#deps.mirror?.reportMissedWrite(error);
      if (!this.#deps.mirror) throw error;
    }
  }

  /** A page of vendors in table order. */
  async list(options: { limit: number; startKey?: string }): Promise<{ items: ReadonlyArray<Vendor>; lastKey?: string }> {
    return this.#deps.repo.list(options);
  }

  /** Index the vendor's new state and purge the profile and every search that read its cells. */
  async #reindex(vendor: Vendor, before?: Vendor, deferredCells?: Set<string>): Promise<void> {
    const { mirror } = this.#deps;
    if (mirror && !mirror.index.reachable()) {
      // The table (the truth) has the change; the index catches up when Redis is back.
      mirror.reportMissedWrite(new Error('Redis is disconnected'));
      return;
    }
    if (!mirror) return this.#writeIndex(vendor, before, deferredCells);
    try {
      // Bounded: a paused Redis must not hold a write whose truth is already in the table.
      await withTimeout(this.#writeIndex(vendor, before, deferredCells), INDEX_WRITE_TIMEOUT_MS);
    } catch (error) {
      mirror.reportMissedWrite(error);
    }
  }

  /** With `deferredCells`, the cells' search purges are collected there for the caller to do once. */
  async #writeIndex(vendor: Vendor, before?: Vendor, deferredCells?: Set<string>): Promise<void> {
    await viaRedis('index', async () => {
      const change = await this.#deps.index.upsert(toGeoMember(vendor));
      const cells = new Set<string>();
      for (const cell of [change.cell, change.previousCell]) if (cell) cells.add(cell.id);
      if (before) cells.add(this.#deps.index.cellOf(before.location).id);
      for (const id of deferredCells ? cells : []) deferredCells?.add(id);
      await Promise.all([
        ...profileCacheKeys(vendor.vendorId).map((key) => this.#deps.profiles.delete(key)),
        ...(deferredCells ? [] : [...cells].map((id) => this.#deps.searches.invalidateTag(cellTag(id)))),
      ]);
    });
  }
}

/**
 * 403 unless the caller is an admin, or in the `vendor` group with this vendor id (claim
 * `custom:vendorId`). The claim alone is not enough: a driver who set `custom:vendorId` on their
 * own account must not manage that vendor.
 */
export function assertCanManage(auth: AuthContext | undefined, vendorId: string): void {
  if (!auth) throw new UnauthenticatedError('A valid bearer token is required');
  if (hasRole(auth, 'admin')) return;
  if (actsForVendor(auth, vendorId)) return;
  throw new NotVendorOwnerError();
}
