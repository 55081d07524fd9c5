import type { Cluster, Redis } from 'ioredis';
import { CellGrid } from './cells';
import {
  BULK_CHUNK_SIZE,
  DEFAULT_CELL_SIZE_DEG,
  DEFAULT_GEO_PREFIX,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_RADIUS_KM,
  MIN_SEARCH_RADIUS_KM,
} from './constants';
import { GeoQueryError } from './errors';
import { haversineKm } from './haversine';
import { GeoKeys } from './keys';
import type { GeoCell, GeoChange, GeoHit, GeoIndexState, GeoMember, GeoPoint, GeoSearchQuery, GeoSearchResult } from './types';

/** A standalone ioredis client or a Cluster: the index works with both. */
export type GeoRedisClient = Redis | Cluster;

export interface GeoIndexOptions {
  readonly redis: GeoRedisClient;
  /** Key prefix (no braces); tests and benchmarks use their own. */
  readonly prefix?: string;
  /** Cell side in degrees (must divide 180). */
  readonly cellSizeDeg?: number;
}

/** What the index stores per member in its cell's hash and its locator. */
interface StoredEntry<Summary> {
  readonly lat: number;
  readonly lon: number;
  readonly services: ReadonlyArray<string>;
  readonly available: boolean;
  readonly summary: Summary;
  /** Cell id, in the locator only. */
  readonly cell?: string;
}

/** The stored form of a member (the same for an upsert, a bulk load and a drift check). */
function storedEntry<Summary>(member: GeoMember<Summary>): StoredEntry<Summary> {
  return { lat: member.lat, lon: member.lon, services: member.services, available: member.available, summary: member.summary };
}

type Command = [name: string, ...args: Array<string | number>];

/** ioredis client states that mean "the connection is lost" (see {@link GeoIndex.reachable}). */
const DISCONNECTED: ReadonlySet<string> = new Set(['reconnecting', 'close', 'end']);

/** Throws a 400 unless the query is inside the documented bounds. */
export function assertValidGeoQuery(query: GeoSearchQuery): void {
  const problems: string[] = [];
  if (!Number.isFinite(query.lat) || query.lat < -90 || query.lat > 90) problems.push('lat must be between -90 and 90');
  if (!Number.isFinite(query.lon) || query.lon < -180 || query.lon > 180) problems.push('lon must be between -180 and 180');
  if (!Number.isFinite(query.radiusKm) || query.radiusKm < MIN_SEARCH_RADIUS_KM || query.radiusKm > MAX_SEARCH_RADIUS_KM) {
    problems.push(`radiusKm must be between ${MIN_SEARCH_RADIUS_KM} and ${MAX_SEARCH_RADIUS_KM}`);
  }
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_SEARCH_LIMIT)
    problems.push(`limit must be an integer between 1 and ${MAX_SEARCH_LIMIT}`);
  if (problems.length > 0) throw new GeoQueryError('Invalid geo search', { details: problems.map((message) => ({ message })) });
}

/**
 * A Redis geospatial index sharded by geographic cell, with availability tracked per service type.
 * A search reads only the cells its circle can reach, all in one pipeline (GEOSEARCH ... WITHDIST
 * ASC COUNT per cell), merges them by distance, then fetches the winners' summaries in a second
 * pipeline (HMGET per cell hash).
 *
 * Writes are per member: an upsert adds the member to its new cell, then removes it from its old
 * one (each cell change one MULTI), then records where it is. Two concurrent upserts of the same
 * member can interleave; searches dedupe by id, and {@link GeoIndex.clear} + a bulk load from
 * the source of truth repairs any drift.
 *
 * @example
 * const index = new GeoIndex({ redis: redisClient(), prefix: 'vendors:geo' });
 * await index.upsert({ id: 'v1', lat: 37.77, lon: -122.42, services: ['towing'], available: true, summary: { name: 'Bay Tow' } });
 * const { hits } = await index.search({ lat: 37.78, lon: -122.41, radiusKm: 10, limit: 5, service: 'towing' });
 */
export class GeoIndex<Summary = Record<string, unknown>> {
  readonly grid: CellGrid;
  readonly keys: GeoKeys;
  readonly #redis: GeoRedisClient;

  constructor(options: GeoIndexOptions) {
    this.#redis = options.redis;
    this.grid = new CellGrid(options.cellSizeDeg ?? DEFAULT_CELL_SIZE_DEG);
    this.keys = new GeoKeys(options.prefix ?? DEFAULT_GEO_PREFIX);
  }

  /** The cell that holds a point (for cache keys and tags). */
  cellOf(point: GeoPoint): GeoCell {
    return this.grid.cellOf(point);
  }

  /**
   * The nearest members within the radius, nearest first. Validates the query (400 otherwise)
   * unless `validate: false` (callers that widen an already validated radius, e.g. a cache fill).
   *
   * Two round trips, like a plain GEOSEARCH + HMGET: one pipeline of GEOSEARCH ... WITHDIST ASC
   * COUNT over the cells the circle reaches, merged by distance; then one pipeline of HMGET for the
   * winners' summaries, grouped by cell (each from its cell's hash, in the cell's slot). Fetching
   * summaries only for the `limit` winners, not for every cell's candidates, is what keeps a wide
   * search as cheap as a single-key one.
   */
  async search(query: GeoSearchQuery, options: { validate?: boolean } = {}): Promise<GeoSearchResult<Summary>> {
    if (options.validate !== false) assertValidGeoQuery(query);
    const cells = this.grid.cellsWithin(query, query.radiusKm);
    const filters = { service: query.service, includeUnavailable: query.includeUnavailable };
    const found = (await this.#batch(
      cells.map(
        (cell): Command => [
          'geosearch',
          this.keys.set(cell, filters),
          'FROMLONLAT',
          query.lon,
          query.lat,
          'BYRADIUS',
          query.radiusKm,
          'km',
          'ASC',
          'COUNT',
          query.limit,
          'WITHDIST',
        ],
      ),
    )) as Array<Array<[id: string, distance: string]>>;

    const candidates: Array<{ id: string; distance: number; cell: number }> = [];
    found.forEach((reply, cell) => {
      for (const [id, distance] of reply) candidates.push({ id, distance: Number(distance), cell });
    });
    candidates.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));
    const winners: typeof candidates = [];
    const seen = new Set<string>();
    for (const candidate of candidates) {
      if (winners.length >= query.limit) break;
      // The same member in two cells (an upsert racing a search): the nearer entry wins.
      if (seen.has(candidate.id)) continue;
      seen.add(candidate.id);
      winners.push(candidate);
    }
    if (winners.length === 0) return { hits: [], cells };

    const byCell = new Map<number, string[]>();
    for (const winner of winners) {
      const ids = byCell.get(winner.cell) ?? [];
      ids.push(winner.id);
      byCell.set(winner.cell, ids);
    }
    const groups = [...byCell.entries()];
    const metas = (await this.#batch(
      groups.map(([cell, ids]): Command => ['hmget', this.keys.meta(cells[cell] as GeoCell), ...ids]),
    )) as Array<Array<string | null>>;
    const hits: GeoHit<Summary>[] = [];
    groups.forEach(([, ids], group) => {
      ids.forEach((id, position) => {
        const meta = metas[group]?.[position];
        // Moved or removed between the two round trips: its summary is gone, so is the hit.
        if (!meta) return;
        const entry = JSON.parse(meta) as StoredEntry<Summary>;
        hits.push({
          id,
          lat: entry.lat,
          lon: entry.lon,
          distanceKm: haversineKm(query, entry),
          services: entry.services,
          available: entry.available,
          summary: entry.summary,
        });
      });
    });
    // Exact distances can reorder near-ties of Redis' 52-bit geohash distances: sort by them.
    hits.sort((a, b) => a.distanceKm - b.distanceKm || (a.id < b.id ? -1 : 1));
    return { hits, cells };
  }

  /**
   * Adds or moves a member, and tracks its availability per service. Returns the cells whose
   * contents changed (the old one too when it moved), so callers can invalidate what they cached.
   */
  async upsert(member: GeoMember<Summary>): Promise<GeoChange> {
    const previous = await this.locate(member.id);
    const cell = this.grid.cellOf(member);
    const previousCell = previous?.cell ? this.#parseCell(previous.cell) : undefined;
    const entry = storedEntry(member);
    const sets = this.keys.memberSets(cell, member.services, member.available);

    const addTx = this.#redis.multi();
    if (previousCell && previousCell.id === cell.id) {
      // Same cell: drop the sets it left (a service removed, now unavailable) in the same MULTI.
      const stale = this.keys.memberSets(cell, previous?.services ?? [], previous?.available ?? false).filter((key) => !sets.includes(key));
      for (const key of stale) addTx.zrem(key, member.id);
    }
    for (const key of sets) addTx.geoadd(key, member.lon, member.lat, member.id);
    addTx.hset(this.keys.meta(cell), member.id, JSON.stringify(entry));
    unwrap(await addTx.exec());

    if (previousCell && previousCell.id !== cell.id && previous) await this.#removeFromCell(member.id, previousCell, previous);
    await this.#redis.set(this.keys.locator(member.id), JSON.stringify({ ...entry, cell: cell.id }));
    return { previousCell: previousCell?.id === cell.id ? undefined : previousCell, cell };
  }

  /** Removes a member; returns the cell it was in (if any). */
  async remove(id: string): Promise<GeoChange> {
    const previous = await this.locate(id);
    if (!previous?.cell) return {};
    const previousCell = this.#parseCell(previous.cell);
    await this.#removeFromCell(id, previousCell, previous);
    await this.#redis.del(this.keys.locator(id));
    return { previousCell };
  }

  /** Where the index believes a member is, or undefined. */
  async locate(id: string): Promise<(StoredEntry<Summary> & { cell: string }) | undefined> {
    const raw = await this.#redis.get(this.keys.locator(id));
    return raw ? (JSON.parse(raw) as StoredEntry<Summary> & { cell: string }) : undefined;
  }

  /**
   * Loads many members quickly (seeding, rebuilds): grouped GEOADDs per cell set, pipelined in
   * chunks. Assumes the members are not already indexed elsewhere (call {@link clear} first).
   */
  async addMany(members: ReadonlyArray<GeoMember<Summary>>, onProgress?: (done: number) => void): Promise<void> {
    for (let start = 0; start < members.length; start += BULK_CHUNK_SIZE) {
      const chunk = members.slice(start, start + BULK_CHUNK_SIZE);
      const geo = new Map<string, Array<string | number>>();
      const meta = new Map<string, string[]>();
      const commands: Command[] = [];
      for (const member of chunk) {
        const cell = this.grid.cellOf(member);
        const entry = storedEntry(member);
        for (const key of this.keys.memberSets(cell, member.services, member.available)) {
          const args = geo.get(key) ?? [];
          args.push(member.lon, member.lat, member.id);
          geo.set(key, args);
        }
        const fields = meta.get(this.keys.meta(cell)) ?? [];
        fields.push(member.id, JSON.stringify(entry));
        meta.set(this.keys.meta(cell), fields);
        commands.push(['set', this.keys.locator(member.id), JSON.stringify({ ...entry, cell: cell.id })]);
      }
      for (const [key, args] of geo) commands.push(['geoadd', key, ...args]);
      for (const [key, fields] of meta) commands.push(['hset', key, ...fields]);
      await this.#batch(commands);
      onProgress?.(Math.min(members.length, start + chunk.length));
    }
  }

  /** Deletes every key of this index (SCAN + UNLINK, never KEYS); returns how many. */
  async clear(): Promise<number> {
    const nodes = this.#redis.isCluster ? (this.#redis as Cluster).nodes('master') : [this.#redis as Redis];
    let deleted = 0;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', this.keys.pattern(), 'COUNT', 1000);
        cursor = next;
        // One UNLINK per key: in a cluster the keys of one SCAN page span many slots.
        if (keys.length > 0) await this.#batch(keys.map((key): Command => ['unlink', key]));
        deleted += keys.length;
      } while (cursor !== '0');
    }
    return deleted;
  }

  /**
   * False while the client knows its connection is lost (between reconnect attempts, or given
   * up). Checked before any command when the caller has a fallback: while Redis is down ioredis
   * would hold a command until its next reconnect attempt fails, so a caller that can answer
   * otherwise should not send one. A client that has not connected yet counts as reachable.
   */
  reachable(): boolean {
    return !DISCONNECTED.has(this.#redis.status);
  }

  /** True once the connection is up (a cold client's first command waits for the connect, TLS and AUTH). */
  connected(): boolean {
    return this.#redis.status === 'ready';
  }

  /** The state marker, or undefined when the index has none (empty, lost, never built). */
  async readState(): Promise<GeoIndexState | undefined> {
    const raw = (await this.#redis.hgetall(this.keys.state())) as Record<string, string>;
    if (!raw?.status) return undefined;
    return {
      status: raw.status === 'ready' ? 'ready' : 'building',
      generation: Number(raw.generation ?? 0),
      count: Number(raw.count ?? 0),
      at: raw.at ?? '',
    };
  }

  /** Writes the state marker (a full build writes `ready` last). */
  async writeState(state: GeoIndexState): Promise<void> {
    await this.#redis.hset(this.keys.state(), {
      status: state.status,
      generation: String(state.generation),
      count: String(state.count),
      at: state.at,
    });
  }

  /** Takes the cross-container rebuild lock for `ttlMs`; returns its token, or undefined if another holds it. */
  async tryLock(ttlMs: number): Promise<string | undefined> {
    const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const ok = await this.#redis.set(this.keys.rebuildLock(), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : undefined;
  }

  /** Extends the lock while its holder still owns it; false when it was lost (expired, taken). */
  async extendLock(token: string, ttlMs: number): Promise<boolean> {
    const script = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    return Number(await this.#redis.eval(script, 1, this.keys.rebuildLock(), token, ttlMs)) === 1;
  }

  /** Releases the lock if the token still owns it. */
  async unlock(token: string): Promise<void> {
    const script = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    await this.#redis.eval(script, 1, this.keys.rebuildLock(), token);
  }

  /**
   * The members whose index entry differs from the given truth: no entry in their cell's hash, a
   * different entry (moved, availability, services, summary), or a locator pointing elsewhere.
   * `located`: the index has a locator for it (an upsert can then leave its old cell). Two
   * pipelined reads per call (HGET of each member's cell hash, GET of its locator).
   */
  async drifted(members: ReadonlyArray<GeoMember<Summary>>): Promise<Array<{ member: GeoMember<Summary>; located: boolean }>> {
    if (members.length === 0) return [];
    const expected = members.map((member) => {
      const cell = this.grid.cellOf(member);
      const entry = storedEntry(member);
      return { member, cell, json: JSON.stringify(entry) };
    });
    const replies = (await this.#batch([
      ...expected.map(({ member, cell }): Command => ['hget', this.keys.meta(cell), member.id]),
      ...expected.map(({ member }): Command => ['get', this.keys.locator(member.id)]),
    ])) as Array<string | null>;
    const drift: Array<{ member: GeoMember<Summary>; located: boolean }> = [];
    expected.forEach(({ member, cell, json }, i) => {
      const meta = replies[i];
      const locator = replies[expected.length + i];
      const locatedCell = locator ? (JSON.parse(locator) as { cell?: string }).cell : undefined;
      if (meta !== json || locatedCell !== cell.id) drift.push({ member, located: Boolean(locator) });
    });
    return drift;
  }

  /**
   * Makes the index agree with the given members (the source of truth), without clearing
   * anything: unknown members are bulk-loaded, members whose entry differs are upserted (which
   * leaves their old cell). Returns the members rewritten and the cells they touched. Safe to run
   * while the index serves searches and takes upserts.
   *
   * @example
   * for await (const page of table.pages()) await index.sync(page.map(toMember));
   */
  async sync(members: ReadonlyArray<GeoMember<Summary>>): Promise<{ changed: string[]; cells: string[] }> {
    const drift = await this.drifted(members);
    const cells = new Set<string>();
    const fresh = drift.filter((entry) => !entry.located).map((entry) => entry.member);
    await this.addMany(fresh);
    for (const member of fresh) cells.add(this.grid.cellOf(member).id);
    for (const { member } of drift.filter((entry) => entry.located)) {
      const change = await this.upsert(member);
      for (const cell of [change.cell, change.previousCell]) if (cell) cells.add(cell.id);
    }
    return { changed: drift.map((entry) => entry.member.id), cells: [...cells] };
  }

  async #removeFromCell(id: string, cell: GeoCell, previous: StoredEntry<Summary>): Promise<void> {
    const tx = this.#redis.multi();
    for (const key of this.keys.memberSets(cell, previous.services, previous.available)) tx.zrem(key, id);
    tx.hdel(this.keys.meta(cell), id);
    unwrap(await tx.exec());
  }

  /**
   * Runs commands in one pipeline and returns their replies. On a Cluster, ioredis pipelines must
   * stay on one node, so the commands go out concurrently instead and ioredis routes (and
   * auto-pipelines) them per node.
   */
  async #batch(commands: Command[]): Promise<unknown[]> {
    if (commands.length === 0) return [];
    if (this.#redis.isCluster) return Promise.all(commands.map(([name, ...args]) => this.#redis.call(name, ...args)));
    return unwrap(await this.#redis.pipeline(commands).exec());
  }

  #parseCell(id: string): GeoCell {
    const [row, col] = id.split(':').map(Number);
    return { row: row as number, col: col as number, id };
  }
}

/** Pipeline/MULTI results as values; the first error is thrown. */
function unwrap(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (!results) throw new Error('Redis transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
