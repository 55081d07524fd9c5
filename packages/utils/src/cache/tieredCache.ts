import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { CACHE_TIMINGS, type CacheNamespace } from '@roadcall/contracts';
import { LRUCache } from 'lru-cache';
import { NotFoundError } from '../errors';
import type { CircuitBreaker } from './breaker';
import type { InvalidationBus, InvalidationMessage, InvalidationReceiver } from './bus';
import { DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS, DEFAULT_NEGATIVE_TTL_SECONDS, L1_MAX_TTL_MS, NEVER } from './constants';
import type { DynamoTier } from './dynamoTier';
import { CacheIsolationError } from './errors';
import { compileGlob, type GlobMatcher } from './glob';
import { isUserScopedKey } from './keys';
import { countersFor, type NamespaceCounters, namespaceMetrics, registerMetricsSource } from './metrics';
import type { HeldLock, RedisTier } from './redisTier';
import { type DecodedEntry, decode, type EntryKind, encode, KIND_NOT_FOUND, KIND_UNDEFINED, KIND_VALUE } from './serialization';
import type {
  Cache,
  CacheBreakerState,
  CacheEntryResult,
  CacheFactory,
  CacheGetOrSetOptions,
  CacheInspection,
  CacheNamespaceMetrics,
  CacheSetOptions,
  CacheSource,
} from './types';

/** An L1 entry: one allocation per write, none per read. */
interface L1Entry {
  readonly value: unknown;
  readonly kind: EntryKind;
  readonly freshUntil: number;
  /** Physical end of life (fresh + grace). */
  readonly graceUntil: number;
  /** The L1 cap (cross-container staleness bound). */
  readonly localUntil: number;
  readonly tags: ReadonlyArray<string> | undefined;
}

/** What getOrSetEntry's combined read (entry + lock) found, and the lock token it used. */
interface CombinedRead {
  readonly seen: [raw: string | null, locked: boolean] | undefined;
  readonly token: string;
}

/** A value found but expired, within its grace period. */
interface StaleCandidate {
  readonly entry: DecodedEntry;
  readonly source: CacheSource;
}

/** The resolved parts a {@link TieredCache} is built from (see `createCache`). */
export interface TieredCacheParts {
  readonly spec: CacheNamespace;
  readonly prefix: string;
  readonly clock: () => number;
  readonly l1?: { readonly maxEntries: number; readonly maxBytes: number };
  readonly l2?: RedisTier;
  readonly bus?: InvalidationBus;
  readonly l3?: DynamoTier;
  readonly lockTtlMs?: number;
  readonly lockWaitMs?: number;
  /** Called by `close()` (releases shared clients when the last cache goes). */
  readonly onClose?: () => Promise<void>;
}

const TIMEOUT = Symbol('timeout');

/**
 * getOrSetEntry reads L2 with the combined read-and-lock script once fewer than this share of its
 * recent reads hit (a plain GET is cheaper for a hit; the script saves a round trip on a miss).
 */
const COMBINED_READ_BELOW_HIT_SHARE = 0.5;
/** Weight of the latest read in the running hit share (about the last 20 reads count). */
const HIT_SHARE_WEIGHT = 0.05;

/** Lock tokens: unique across processes (a random prefix per process) without a crypto call per miss. */
const TOKEN_PREFIX = randomBytes(9).toString('base64url');
let tokenSequence = 0;
const lockToken = (): string => `${TOKEN_PREFIX}.${(++tokenSequence).toString(36)}`;
const noop = (): void => undefined;
const entryValue = <T>(result: CacheEntryResult<T> | undefined): T | undefined => result?.value;
const resultValue = <T>(result: CacheEntryResult<T>): T => result.value;

function replay<T>(kind: EntryKind, value: unknown): T {
  if (kind === KIND_NOT_FOUND) throw new NotFoundError(String(value));
  return (kind === KIND_UNDEFINED ? undefined : value) as T;
}

function isNotFound(error: unknown): error is Error {
  return error instanceof NotFoundError || (error instanceof Error && (error as { httpStatus?: number }).httpStatus === 404);
}

/**
 * A namespace's cache across L1 (in-process LRU), L2 (Redis) and L3 (DynamoDB). Create it with
 * `createCache` / `getCache`; see the module's index for usage.
 */
export class TieredCache implements Cache, InvalidationReceiver {
  readonly namespace: string;
  /** Emits `remote-invalidation` (message) after applying another container's invalidation. */
  readonly events = new EventEmitter();
  readonly #spec: CacheNamespace;
  readonly #clock: () => number;
  readonly #l1: LRUCache<string, L1Entry> | undefined;
  readonly #l2: RedisTier | undefined;
  readonly #bus: InvalidationBus | undefined;
  readonly #l3: DynamoTier | undefined;
  readonly #keyPrefix: string;
  readonly #tagPrefix: string;
  readonly #lockPrefix: string;
  readonly #nsPattern: string;
  readonly #ttlMs: number;
  readonly #l1CapMs: number;
  readonly #perUser: boolean;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #counters: NamespaceCounters;
  readonly #inflight = new Map<string, Promise<CacheEntryResult<unknown>>>();
  /** Share of recent L2 reads that found a fresh entry (starts at 1: the GET path). */
  #l2HitShare = 1;
  readonly #cleanup: Array<() => void> = [];
  readonly #onClose: (() => Promise<void>) | undefined;

  constructor(parts: TieredCacheParts) {
    const spec = parts.spec;
    this.#spec = spec;
    this.namespace = spec.name;
    this.#clock = parts.clock;
    this.#l2 = parts.l2;
    this.#bus = parts.bus;
    this.#l3 = parts.l3;
    this.#perUser = spec.perUser === true;
    this.#ttlMs = spec.ttlSeconds === null ? NEVER : spec.ttlSeconds * 1000;
    // Without L2 no other container shares this data, so only a shared tier needs the cap.
    this.#l1CapMs = parts.l2 ? L1_MAX_TTL_MS : NEVER;
    this.#keyPrefix = `${parts.prefix}:${spec.name}:k:`;
    this.#tagPrefix = `${parts.prefix}:${spec.name}:t:`;
    this.#lockPrefix = `${parts.prefix}:${spec.name}:l:`;
    this.#nsPattern = `${parts.prefix}:${spec.name}:`;
    this.#lockTtlMs = parts.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
    this.#lockWaitMs = parts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.#onClose = parts.onClose;
    const counters = countersFor(spec.name);
    this.#counters = counters;
    if (parts.l1) {
      this.#l1 = new LRUCache<string, L1Entry>({
        max: parts.l1.maxEntries,
        maxSize: parts.l1.maxBytes,
        dispose: (_value, _key, reason) => {
          if (reason === 'evict') counters.l1.evictions++;
        },
      });
    }
    this.#cleanup.push(
      registerMetricsSource(spec.name, {
        l1Size: () => this.#l1?.size ?? 0,
        l1Bytes: () => this.#l1?.calculatedSize ?? 0,
        breakerState: () => this.breakerState,
      }),
    );
    if (this.#bus) this.#cleanup.push(this.#bus.register(spec.name, this));
  }

  /** The L2 circuit breaker (shared by the caches of one Redis client): emits `open` and `close`. */
  get breaker(): CircuitBreaker | undefined {
    return this.#l2?.breaker;
  }

  get breakerState(): CacheBreakerState {
    return this.#l2 ? this.#l2.breaker.state : 'disabled';
  }

  /** True for per-user namespaces: every key must come from `userScopedKey`. */
  get perUser(): boolean {
    return this.#perUser;
  }

  /** Which tiers this cache uses. */
  get tiers(): { readonly memory: boolean; readonly redis: boolean; readonly dynamodb: boolean } {
    return { memory: this.#l1 !== undefined, redis: this.#l2 !== undefined, dynamodb: this.#l3 !== undefined };
  }

  /** Resolves once cross-container invalidations are being received (immediately without L2). */
  get ready(): Promise<void> {
    return this.#bus ? this.#bus.ready : Promise.resolve();
  }

  // ---------------------------------------------------------------- reads

  peek<T>(key: string): T | undefined {
    const entry = this.#l1?.get(key);
    if (entry === undefined || entry.kind !== KIND_VALUE) return undefined;
    const now = this.#clock();
    return now < entry.freshUntil && now < entry.localUntil ? (entry.value as T) : undefined;
  }

  get<T>(key: string): Promise<T | undefined> {
    const l1 = this.#l1;
    if (l1 !== undefined && !this.#perUser) {
      // The hot path, as in getOrSet: an L1 hit resolves without entering the async machinery.
      const entry = l1.get(key);
      if (entry !== undefined && entry.kind === KIND_VALUE) {
        const now = this.#clock();
        if (now < entry.freshUntil && now < entry.localUntil) {
          this.#counters.requests++;
          this.#counters.l1.hits++;
          return Promise.resolve(entry.value as T);
        }
      }
    }
    return this.getEntry<T>(key).then(entryValue) as Promise<T | undefined>;
  }

  /**
   * The entry-returning reads' shared start: checks the key, counts the request, and answers from
   * a fresh L1 entry (counting the hit), or counts the L1 miss and returns undefined.
   */
  #probeL1<T>(key: string): CacheEntryResult<T> | undefined {
    this.#assertKey(key);
    const c = this.#counters;
    c.requests++;
    const local = this.#l1Fresh(key);
    if (local) {
      c.l1.hits++;
      return { value: replay<T>(local.kind, local.value), source: 'HIT-L1', stale: false, expiresAt: local.freshUntil };
    }
    if (this.#l1) c.l1.misses++;
    return undefined;
  }

  async getEntry<T>(key: string): Promise<CacheEntryResult<T> | undefined> {
    const local = this.#probeL1<T>(key);
    if (local) return local;
    const found = await this.#readShared(key);
    if (!found || found.stale) return undefined;
    return { value: replay<T>(found.entry.kind, found.entry.value), source: found.source, stale: false, expiresAt: found.entry.freshUntil };
  }

  /**
   * Cache-aside across the tiers: L1, then L2, then L3, then the factory (once per key in the
   * process, once across processes while the Redis lock holds), backfilling the upper tiers.
   */
  getOrSet<T>(key: string, factory: CacheFactory<T>, options?: CacheGetOrSetOptions): Promise<T> {
    if (this.#perUser && !isUserScopedKey(key)) return Promise.reject(this.#isolationError(key));
    const c = this.#counters;
    c.requests++;
    const l1 = this.#l1;
    if (l1 !== undefined) {
      // The hot path: no await, no allocation but the resolved promise.
      const entry = l1.get(key);
      if (entry !== undefined) {
        const now = this.#clock();
        if (now < entry.freshUntil && now < entry.localUntil) {
          c.l1.hits++;
          if (entry.kind === KIND_VALUE) return Promise.resolve(entry.value as T);
          try {
            return Promise.resolve(replay<T>(entry.kind, entry.value));
          } catch (error) {
            return Promise.reject(error);
          }
        }
      }
      c.l1.misses++;
    }
    const l2 = this.#l2;
    if (l2 !== undefined && !this.#inflight.has(key) && l2.available()) {
      // L2 hit path: one GET, decode, backfill L1; a miss continues with what the GET found.
      return l2.get(this.#keyPrefix + key).then((raw) => {
        if (raw) {
          const decoded = decode(raw);
          if (decoded !== undefined) {
            const now = this.#clock();
            if (now < decoded.freshUntil) {
              c.l2.hits++;
              if (l1 !== undefined) this.#setL1(key, decoded, raw.length, decoded.freshUntil, undefined, now);
              return replay<T>(decoded.kind, decoded.value);
            }
          }
          return this.#load(key, factory as CacheFactory<unknown>, options, decoded ?? null).then(resultValue) as Promise<T>;
        }
        if (raw === undefined) c.l2.errors++;
        return this.#load(key, factory as CacheFactory<unknown>, options, raw === undefined ? undefined : null).then(
          resultValue,
        ) as Promise<T>;
      });
    }
    return this.#load(key, factory as CacheFactory<unknown>, options).then(resultValue) as Promise<T>;
  }

  /**
   * getOrSet with where the value came from (what routes use for `X-Cache`). Same path: an L1 hit
   * resolves without entering the async machinery; a miss reads L2 and takes the stampede lock in
   * one round trip, and the write of the computed value releases it.
   */
  getOrSetEntry<T>(key: string, factory: CacheFactory<T>, options?: CacheGetOrSetOptions): Promise<CacheEntryResult<T>> {
    let local: CacheEntryResult<T> | undefined;
    try {
      local = this.#probeL1<T>(key);
    } catch (error) {
      return Promise.reject(error);
    }
    if (local) return Promise.resolve(local);
    const l2 = this.#l2;
    if (l2 === undefined || this.#l3 !== undefined || this.#inflight.has(key) || !l2.available()) {
      return this.#load(key, factory as CacheFactory<unknown>, options) as Promise<CacheEntryResult<T>>;
    }
    // The L2 path without the async machinery. Where most reads hit, a plain GET (the cheapest
    // command); where most miss (searches at random points), one script reads the entry and takes
    // the lock in the same round trip, so a miss costs two round trips in all. A fresh entry
    // answers here; anything else goes on under the single flight with what the read found.
    const fullKey = this.#keyPrefix + key;
    if (this.#l2HitShare >= COMBINED_READ_BELOW_HIT_SHARE || !l2.combinedLock) {
      return l2.get(fullKey).then((raw) => {
        const decoded = raw ? decode(raw) : undefined;
        const hit = this.#l2Fresh<T>(key, decoded, raw);
        if (hit) return hit;
        if (raw === undefined) this.#counters.l2.errors++;
        const seen = raw === undefined ? undefined : (decoded ?? null);
        return this.#load(key, factory as CacheFactory<unknown>, options, seen) as Promise<CacheEntryResult<T>>;
      });
    }
    const token = lockToken();
    return l2.getOrLock(fullKey, this.#lockPrefix + key, this.#clock(), token, this.#lockTtlMs).then((seen) => {
      if (seen !== undefined && seen[0] !== null && !seen[1]) {
        const hit = this.#l2Fresh<T>(key, decode(seen[0]), seen[0]);
        if (hit) return hit;
      } else if (seen !== undefined) this.#noteL2Read(false);
      return this.#load(key, factory as CacheFactory<unknown>, options, undefined, { seen, token }) as Promise<CacheEntryResult<T>>;
    });
  }

  /** An L2 read's entry as a HIT-L2 result when fresh (backfilling L1), else undefined. */
  #l2Fresh<T>(key: string, decoded: DecodedEntry | undefined, raw: string | null | undefined): CacheEntryResult<T> | undefined {
    const now = this.#clock();
    if (decoded === undefined || now >= decoded.freshUntil) {
      if (raw !== undefined) this.#noteL2Read(false);
      return undefined;
    }
    this.#noteL2Read(true);
    this.#counters.l2.hits++;
    if (this.#l1 !== undefined) this.#setL1(key, decoded, (raw as string).length, decoded.freshUntil, undefined, now);
    return { value: replay<T>(decoded.kind, decoded.value), source: 'HIT-L2', stale: false, expiresAt: decoded.freshUntil };
  }

  /** The running share of L2 reads that hit (exponentially weighted): picks getOrSetEntry's read. */
  #noteL2Read(hit: boolean): void {
    this.#l2HitShare = this.#l2HitShare * (1 - HIT_SHARE_WEIGHT) + (hit ? HIT_SHARE_WEIGHT : 0);
  }

  /** Many keys: L1 first, the rest from Redis in one MGET (L3 is not consulted). */
  async mget<T>(keys: ReadonlyArray<string>): Promise<Array<T | undefined>> {
    const count = keys.length;
    const out = new Array<T | undefined>(count);
    const c = this.#counters;
    c.requests += count;
    if (this.#perUser) for (const key of keys) if (!isUserScopedKey(key)) throw this.#isolationError(key);
    const l1 = this.#l1;
    const prefix = this.#keyPrefix;
    // Positions (in `keys`) still to read from Redis; `undefined` with L1 off: all of them, in order.
    let missing: number[] | undefined;
    let fullKeys: string[];
    if (l1 === undefined) {
      fullKeys = new Array<string>(count);
      for (let index = 0; index < count; index++) fullKeys[index] = prefix + keys[index];
    } else {
      missing = [];
      const now = this.#clock();
      for (let index = 0; index < count; index++) {
        const entry = l1.get(keys[index] as string);
        if (entry !== undefined && now < entry.freshUntil && now < entry.localUntil) {
          c.l1.hits++;
          out[index] = entry.kind === KIND_VALUE ? (entry.value as T) : undefined;
        } else {
          c.l1.misses++;
          missing.push(index);
        }
      }
      if (missing.length === 0) return out;
      fullKeys = new Array<string>(missing.length);
      for (let index = 0; index < missing.length; index++) fullKeys[index] = prefix + keys[missing[index] as number];
    }
    const l2 = this.#l2;
    if (l2 === undefined || !l2.available()) return out;
    const raws = await l2.mget(fullKeys);
    if (raws === undefined) {
      c.l2.errors++;
      return out;
    }
    const after = this.#clock();
    let hits = 0;
    for (let index = 0; index < raws.length; index++) {
      const raw = raws[index];
      const decoded = raw ? decode(raw) : undefined;
      if (decoded === undefined || after >= decoded.freshUntil) continue;
      hits++;
      const position = missing === undefined ? index : (missing[index] as number);
      if (decoded.kind === KIND_VALUE) out[position] = decoded.value as T;
      if (l1 !== undefined) this.#setL1(keys[position] as string, decoded, (raw as string).length, decoded.freshUntil, undefined, after);
    }
    c.l2.hits += hits;
    c.l2.misses += raws.length - hits;
    return out;
  }

  // ---------------------------------------------------------------- writes

  async set<T>(key: string, value: T, options?: CacheSetOptions): Promise<void> {
    this.#assertKey(key);
    await this.#store(key, value, KIND_VALUE, this.#ttlOf(options), this.#graceOf(options), options?.tags);
    this.#publish({ op: 'keys', ns: this.namespace, keys: [key] });
  }

  /** Many entries: L1 each, Redis in one pipelined round trip (tags are not supported here). */
  async mset<T>(entries: ReadonlyArray<readonly [string, T]>, options?: CacheSetOptions): Promise<void> {
    const ttlMs = this.#ttlOf(options);
    const graceMs = this.#graceOf(options);
    const now = this.#clock();
    const freshUntil = now + ttlMs;
    const physicalUntil = freshUntil + graceMs;
    const px = Number.isFinite(physicalUntil) ? Math.max(1, physicalUntil - now) : 0;
    const batch: Array<readonly [string, string, number]> = [];
    for (const [key, value] of entries) {
      this.#assertKey(key);
      const raw = encode(value, KIND_VALUE, freshUntil);
      if (this.#l1) this.#putL1(key, value, KIND_VALUE, freshUntil, physicalUntil, raw.length, options?.tags, now);
      batch.push([this.#keyPrefix + key, raw, px]);
    }
    this.#counters.l1.sets += this.#l1 ? entries.length : 0;
    const l2 = this.#l2;
    if (l2?.available()) {
      if (await l2.mset(batch)) this.#counters.l2.sets += batch.length;
      else this.#counters.l2.errors++;
    }
    if (this.#l3) await Promise.all(batch.map(([fullKey, raw]) => this.#l3?.set(fullKey, raw, physicalUntil)));
    this.#publish({ op: 'keys', ns: this.namespace, keys: entries.map(([key]) => key) });
  }

  async delete(key: string): Promise<void> {
    this.#assertKey(key);
    const c = this.#counters;
    if (this.#l1?.delete(key)) c.l1.deletes++;
    const fullKey = this.#keyPrefix + key;
    const l2 = this.#l2;
    if (l2?.available()) {
      const removed = await l2.del([fullKey]);
      if (removed === undefined) c.l2.errors++;
      else c.l2.deletes += removed;
    }
    if (this.#l3 && (await this.#l3.delete(fullKey))) c.l3.deletes++;
    this.#publish({ op: 'keys', ns: this.namespace, keys: [key] });
  }

  /** Drops the whole namespace: L1, Redis (SCAN, never KEYS), L3 (marker), other containers' L1. */
  async invalidateNamespace(): Promise<void> {
    this.#l1?.clear();
    const l2 = this.#l2;
    if (l2?.available()) {
      const entries = await l2.deleteMatching(`${this.#nsPattern}k:*`);
      const tags = await l2.deleteMatching(`${this.#nsPattern}t:*`);
      if (entries === undefined || tags === undefined) this.#counters.l2.errors++;
    }
    await this.#l3?.invalidateAll();
    this.#publish({ op: 'namespace', ns: this.namespace });
  }

  /**
   * Drops every key matching a Redis glob (`vendor:*`, `u:*:user-1:*`); returns how many Redis
   * entries went (L1 entries when there is no L2). L3 is invalidated as a whole.
   */
  async invalidatePattern(glob: string): Promise<number> {
    const localRemoved = this.#deleteLocalMatching(compileGlob(glob));
    let removed = localRemoved;
    const l2 = this.#l2;
    if (l2?.available()) {
      const count = await l2.deleteMatching(this.#keyPrefix + glob);
      if (count === undefined) this.#counters.l2.errors++;
      else removed = count;
    }
    await this.#l3?.invalidateAll();
    this.#publish({ op: 'pattern', ns: this.namespace, pattern: glob });
    return removed;
  }

  /** Drops every entry written with `tag`, through the tag's Redis set (no scans). */
  async invalidateTag(tag: string): Promise<number> {
    let removed = this.#deleteLocalTagged(tag);
    let keys: string[] = [];
    const l2 = this.#l2;
    if (l2?.available()) {
      const members = await l2.popTag(this.#tagPrefix + tag);
      if (members === undefined) this.#counters.l2.errors++;
      else {
        const prefixLength = this.#keyPrefix.length;
        keys = members.map((member) => member.slice(prefixLength));
        for (const key of keys) this.#l1?.delete(key);
        removed = members.length;
      }
    }
    await this.#l3?.invalidateAll();
    this.#publish({ op: 'tag', ns: this.namespace, tag, keys });
    return removed;
  }

  /**
   * Where one entry is and how long it lives, for operators: each tier that holds it (memory in
   * this container, Redis), the value, TTL left and tags. No counters move and nothing is loaded.
   *
   * @example
   * const entry = await getCache('revenue').inspect('GET /analytics/revenue?from=...'); // { tiers: [...], ttlLeftSeconds, tags, value }
   */
  async inspect(key: string): Promise<CacheInspection | undefined> {
    const now = this.#clock();
    const local = this.#l1?.peek(key);
    const tiers: CacheInspection['tiers'][number][] = [];
    let value: unknown;
    let freshUntil = Number.NaN;
    let tags: string[] = [];
    if (local && now < local.graceUntil && now < local.localUntil) {
      tiers.push('memory');
      value = local.value;
      freshUntil = local.freshUntil;
      tags = [...(local.tags ?? [])];
    }
    const l2 = this.#l2;
    if (l2?.available()) {
      const found = await l2.inspect(this.#keyPrefix + key, `${this.#tagPrefix}*`);
      const decoded = found?.raw ? decode(found.raw) : undefined;
      if (found && decoded) {
        tiers.push('redis');
        value = decoded.value;
        freshUntil = decoded.freshUntil;
        tags = found.tagKeys.map((tagKey) => tagKey.slice(this.#tagPrefix.length));
      }
    }
    if (tiers.length === 0) return undefined;
    const ttlLeftSeconds = Number.isFinite(freshUntil) ? Math.max(0, Math.round((freshUntil - now) / 1000)) : null;
    const ttlSeconds = this.#spec.ttlSeconds;
    return {
      namespace: this.namespace,
      key,
      tiers,
      value,
      ttlSeconds,
      ttlLeftSeconds,
      // The wire format keeps the expiry, not the write time: age is the namespace TTL minus what is left.
      ageSeconds: ttlSeconds !== null && ttlLeftSeconds !== null ? Math.max(0, ttlSeconds - ttlLeftSeconds) : null,
      stale: Number.isFinite(freshUntil) && now >= freshUntil,
      tags,
    };
  }

  metrics(): CacheNamespaceMetrics {
    return namespaceMetrics(this.namespace);
  }

  /** Unregisters from the bus and metrics; closes shared clients when this was their last cache. */
  async close(): Promise<void> {
    for (const undo of this.#cleanup.splice(0)) undo();
    this.#l1?.clear();
    this.events.removeAllListeners();
    await this.#onClose?.();
  }

  // ---------------------------------------------------------------- invalidation receiver

  applyRemote(message: InvalidationMessage): void {
    const l1 = this.#l1;
    if (l1) {
      if (message.op === 'keys') for (const key of message.keys) l1.delete(key);
      else if (message.op === 'namespace') l1.clear();
      else if (message.op === 'pattern') this.#deleteLocalMatching(compileGlob(message.pattern));
      else {
        this.#deleteLocalTagged(message.tag);
        for (const key of message.keys) l1.delete(key);
      }
    }
    this.events.emit('remote-invalidation', message);
  }

  clearLocal(): void {
    this.#l1?.clear();
    this.events.emit('remote-invalidation', { op: 'namespace', ns: this.namespace });
  }

  // ---------------------------------------------------------------- internals

  #assertKey(key: string): void {
    if (this.#perUser && !isUserScopedKey(key)) throw this.#isolationError(key);
  }

  #isolationError(key: string): CacheIsolationError {
    return new CacheIsolationError(`Namespace ${this.namespace} is per user: key "${key}" must come from userScopedKey()`);
  }

  #ttlOf(options: CacheSetOptions | undefined): number {
    const ttl = options?.ttlSeconds;
    return ttl === undefined ? this.#ttlMs : ttl === null ? NEVER : ttl * 1000;
  }

  #graceOf(options: CacheSetOptions | undefined): number {
    return (options?.graceSeconds ?? CACHE_TIMINGS.graceSeconds) * 1000;
  }

  #l1Fresh(key: string): L1Entry | undefined {
    const entry = this.#l1?.get(key);
    if (entry === undefined) return undefined;
    const now = this.#clock();
    return now < entry.freshUntil && now < entry.localUntil ? entry : undefined;
  }

  #putL1(
    key: string,
    value: unknown,
    kind: EntryKind,
    freshUntil: number,
    graceUntil: number,
    size: number,
    tags: ReadonlyArray<string> | undefined,
    now: number,
  ): void {
    this.#l1?.set(key, { value, kind, freshUntil, graceUntil, localUntil: now + this.#l1CapMs, tags }, { size: Math.max(1, size) });
  }

  #setL1(key: string, decoded: DecodedEntry, size: number, graceUntil: number, tags: ReadonlyArray<string> | undefined, now: number): void {
    this.#putL1(key, decoded.value, decoded.kind, decoded.freshUntil, graceUntil, size, tags, now);
    this.#counters.l1.sets++;
  }

  #deleteLocalMatching(pattern: GlobMatcher): number {
    const l1 = this.#l1;
    if (!l1) return 0;
    let removed = 0;
    for (const key of [...l1.keys()]) {
      if (pattern.test(key) && l1.delete(key)) removed++;
    }
    return removed;
  }

  #deleteLocalTagged(tag: string): number {
    const l1 = this.#l1;
    if (!l1) return 0;
    let removed = 0;
    for (const [key, entry] of [...l1.entries()]) {
      if (entry.tags?.includes(tag) && l1.delete(key)) removed++;
    }
    return removed;
  }

  /** L1 stale candidate, then L2, then L3; backfills the tiers above the one that answered. */
  async #readShared(
    key: string,
    l2Seen?: DecodedEntry | null,
  ): Promise<{ entry: DecodedEntry; source: CacheSource; stale: boolean } | undefined> {
    const c = this.#counters;
    let stale: StaleCandidate | undefined;
    const local = this.#l1?.get(key);
    if (local) {
      const now = this.#clock();
      if (now < local.graceUntil && now < local.localUntil) stale = { entry: local, source: 'HIT-L1' };
    }
    const fullKey = this.#keyPrefix + key;
    const l2 = this.#l2;
    if (l2Seen !== undefined) {
      // The caller's GET already found this (null: nothing; else expired, a stale candidate).
      c.l2.misses++;
      if (l2Seen) stale ??= { entry: l2Seen, source: 'HIT-L2' };
    } else if (l2?.available()) {
      const raw = await l2.get(fullKey);
      if (raw === undefined) c.l2.errors++;
      else {
        const decoded = raw === null ? undefined : decode(raw);
        if (decoded) {
          const now = this.#clock();
          if (now < decoded.freshUntil) {
            c.l2.hits++;
            if (this.#l1) this.#setL1(key, decoded, raw?.length ?? 1, decoded.freshUntil, undefined, now);
            return { entry: decoded, source: 'HIT-L2', stale: false };
          }
          stale ??= { entry: decoded, source: 'HIT-L2' };
        }
        c.l2.misses++;
      }
    }
    const l3 = this.#l3;
    if (l3) {
      const raw = await l3.get(fullKey);
      if (raw === undefined) c.l3.errors++;
      else {
        const decoded = raw === null ? undefined : decode(raw);
        if (decoded) {
          const now = this.#clock();
          if (now < decoded.freshUntil) {
            c.l3.hits++;
            if (this.#l1) this.#setL1(key, decoded, raw?.length ?? 1, decoded.freshUntil, undefined, now);
            if (raw && l2?.available()) {
              const px = Number.isFinite(decoded.freshUntil) ? Math.max(1, decoded.freshUntil - now) : 0;
              if (await l2.set(fullKey, raw, px)) c.l2.sets++;
            }
            return { entry: decoded, source: 'HIT-L3', stale: false };
          }
          stale ??= { entry: decoded, source: 'HIT-L3' };
        }
        c.l3.misses++;
      }
    }
    return stale ? { entry: stale.entry, source: stale.source, stale: true } : undefined;
  }

  /**
   * Single flight per key in this process. `read`: what getOrSetEntry's combined read found (and
   * the token of the lock it may hold), so the load does not read again.
   */
  #load(
    key: string,
    factory: CacheFactory<unknown>,
    options: CacheGetOrSetOptions | undefined,
    l2Seen?: DecodedEntry | null,
    read?: CombinedRead,
  ): Promise<CacheEntryResult<unknown>> {
    const running = this.#inflight.get(key);
    if (running) {
      // A lock taken by the combined read is not needed: this process is computing the key already.
      if (read?.seen?.[1]) this.#l2?.unlock(this.#lockPrefix + key, read.token).catch(noop);
      this.#counters.coalesced++;
      return running;
    }
    const promise = this.#loadUncoalesced(key, factory, options, l2Seen, read);
    this.#inflight.set(key, promise);
    const done = (): void => {
      if (this.#inflight.get(key) === promise) this.#inflight.delete(key);
    };
    promise.then(done, done);
    return promise;
  }

  async #loadUncoalesced(
    key: string,
    factory: CacheFactory<unknown>,
    options: CacheGetOrSetOptions | undefined,
    l2Seen: DecodedEntry | null | undefined,
    read: CombinedRead | undefined,
  ): Promise<CacheEntryResult<unknown>> {
    const l2 = this.#l2;
    if (l2 !== undefined && read !== undefined) return this.#readOrLock(l2, key, factory, options, read);
    if (l2Seen === undefined && this.#l3 === undefined && l2?.combinedLock && l2.available()) {
      return this.#readOrLock(l2, key, factory, options);
    }
    const found = await this.#readShared(key, l2Seen);
    if (found && !found.stale) {
      return { value: replay(found.entry.kind, found.entry.value), source: found.source, stale: false, expiresAt: found.entry.freshUntil };
    }
    return this.#compute(key, factory, options, found?.entry);
  }

  /**
   * The miss path with L2 and no L3: one round trip reads the entry and, when it is missing or
   * stale, takes the lock; the factory then runs under it, or (another container holds it) the
   * stale value is served or the holder's value awaited.
   */
  async #readOrLock(
    l2: RedisTier,
    key: string,
    factory: CacheFactory<unknown>,
    options: CacheGetOrSetOptions | undefined,
    read?: CombinedRead,
  ): Promise<CacheEntryResult<unknown>> {
    const c = this.#counters;
    const lockKey = this.#lockPrefix + key;
    const token = read?.token ?? lockToken();
    const seen = read ? read.seen : await l2.getOrLock(this.#keyPrefix + key, lockKey, this.#clock(), token, this.#lockTtlMs);
    const local = this.#l1?.get(key);
    let stale: DecodedEntry | undefined;
    if (local) {
      const now = this.#clock();
      if (now < local.graceUntil && now < local.localUntil) stale = local;
    }
    if (seen === undefined) {
      // Redis failed: compute without the lock (the breaker decides when to try Redis again).
      c.l2.errors++;
      return this.#runFactory(key, factory, options, stale, undefined, lockKey);
    }
    const [raw, locked] = seen;
    const decoded = raw === null ? undefined : decode(raw);
    if (decoded) {
      const now = this.#clock();
      if (now < decoded.freshUntil) {
        c.l2.hits++;
        if (this.#l1) this.#setL1(key, decoded, (raw as string).length, decoded.freshUntil, undefined, now);
        // Fresh by our clock but not by the one Redis was given: the lock, if taken, is not needed.
        if (locked) l2.unlock(lockKey, token).catch(noop);
        return { value: replay(decoded.kind, decoded.value), source: 'HIT-L2', stale: false, expiresAt: decoded.freshUntil };
      }
      stale ??= decoded;
    }
    c.l2.misses++;
    if (locked) return this.#runFactory(key, factory, options, stale, token, lockKey);
    // Another container computes this key: serve stale if we have it, else wait for its value.
    if (stale) return this.#serveStale(stale);
    const outcome = await this.#waitForLockHolder(key, lockKey);
    if (outcome.result) return outcome.result;
    return this.#runFactory(key, factory, options, undefined, outcome.token, lockKey);
  }

  /** Runs the factory, holding the cross-container lock when Redis is there. */
  async #compute(
    key: string,
    factory: CacheFactory<unknown>,
    options: CacheGetOrSetOptions | undefined,
    stale: DecodedEntry | undefined,
  ): Promise<CacheEntryResult<unknown>> {
    const l2 = this.#l2;
    const lockKey = this.#lockPrefix + key;
    let token: string | undefined;
    if (l2?.available()) {
      token = lockToken();
      const acquired = await l2.lock(lockKey, token, this.#lockTtlMs);
      if (acquired === false) {
        token = undefined;
        // Another container computes this key: serve stale if we have it, else wait for its value.
        if (stale) return this.#serveStale(stale);
        const outcome = await this.#waitForLockHolder(key, lockKey);
        if (outcome.result) return outcome.result;
        token = outcome.token;
      } else if (acquired === undefined) token = undefined;
    }
    return this.#runFactory(key, factory, options, stale, token, lockKey);
  }

  /** Polls the value (and whether the lock still holds) until it appears, the lock frees or the wait ends. */
  async #waitForLockHolder(key: string, lockKey: string): Promise<{ result?: CacheEntryResult<unknown>; token?: string }> {
    const l2 = this.#l2 as RedisTier;
    const fullKey = this.#keyPrefix + key;
    const deadline = Date.now() + this.#lockWaitMs;
    let delay = 5;
    while (Date.now() < deadline && l2.available()) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 50);
      const seen = await l2.getWithLock(fullKey, lockKey);
      if (!seen) break;
      const [raw, locked] = seen;
      const decoded = raw ? decode(raw) : undefined;
      const now = this.#clock();
      if (decoded && now < decoded.freshUntil) {
        this.#counters.l2.hits++;
        if (this.#l1) this.#setL1(key, decoded, (raw as string).length, decoded.freshUntil, undefined, now);
        return { result: { value: replay(decoded.kind, decoded.value), source: 'HIT-L2', stale: false, expiresAt: decoded.freshUntil } };
      }
      if (!locked) {
        // The holder finished without a cacheable value (or died): take the lock ourselves.
        const token = lockToken();
        if (await l2.lock(lockKey, token, this.#lockTtlMs)) return { token };
      }
    }
    return {};
  }

  #serveStale(stale: DecodedEntry): CacheEntryResult<unknown> {
    this.#counters.staleServed++;
    return { value: replay(stale.kind, stale.value), source: 'MISS', stale: true, expiresAt: stale.freshUntil };
  }

  async #runFactory(
    key: string,
    factory: CacheFactory<unknown>,
    options: CacheGetOrSetOptions | undefined,
    stale: DecodedEntry | undefined,
    token: string | undefined,
    lockKey: string,
  ): Promise<CacheEntryResult<unknown>> {
    const c = this.#counters;
    // The write of the result releases the lock in its own round trip; `lock` is cleared once it is
    // handed to a write, so `release` (every other way out) unlocks only a lock no write took.
    let lock: HeldLock | undefined = token ? { key: lockKey, token } : undefined;
    const takeLock = (): HeldLock | undefined => {
      const held = lock;
      lock = undefined;
      return held;
    };
    const release = (): void => {
      const held = takeLock();
      if (held) this.#l2?.unlock(held.key, held.token).catch(noop);
    };
    /** Set when the run goes on in the background: the lock is then released when it settles. */
    let detached = false;
    c.factoryRuns++;
    const staleValue = stale && stale.kind === KIND_VALUE ? stale.value : undefined;
    const run = (async () => factory({ key, stale: staleValue }))().then(
      (value) => this.#storeResult(key, value, options, takeLock),
      (error: unknown) => this.#storeFailure(key, error, options, takeLock),
    );
    try {
      if (stale) {
        const soft = options?.softTimeoutMs;
        const outcome =
          soft === undefined
            ? await run
            : await Promise.race([run, new Promise<typeof TIMEOUT>((resolve) => setTimeout(resolve, soft, TIMEOUT).unref())]);
        if (outcome === TIMEOUT) {
          // Too slow: serve stale now; the factory finishes in the background, refreshes the cache
          // and releases the lock (its write takes it, or `release` once the run settles).
          detached = true;
          run.then(release, release);
          return this.#serveStale(stale);
        }
        return outcome;
      }
      return await run;
    } catch (error) {
      if (stale && !isNotFound(error)) return this.#serveStale(stale);
      throw error;
    } finally {
      if (!detached) release();
    }
  }

  async #storeResult(
    key: string,
    value: unknown,
    options: CacheGetOrSetOptions | undefined,
    takeLock?: () => HeldLock | undefined,
  ): Promise<CacheEntryResult<unknown>> {
    const negative = options?.negative;
    if (value === undefined) {
      if (!negative) return { value: undefined, source: 'MISS', stale: false, expiresAt: this.#clock() };
      const ttl = typeof negative === 'object' ? negative.ttlSeconds : DEFAULT_NEGATIVE_TTL_SECONDS;
      const freshUntil = await this.#store(key, undefined, KIND_UNDEFINED, ttl * 1000, 0, options?.tags, takeLock);
      return { value: undefined, source: 'MISS', stale: false, expiresAt: freshUntil };
    }
    const freshUntil = await this.#store(key, value, KIND_VALUE, this.#ttlOf(options), this.#graceOf(options), options?.tags, takeLock);
    return { value, source: 'MISS', stale: false, expiresAt: freshUntil };
  }

  async #storeFailure(
    key: string,
    error: unknown,
    options: CacheGetOrSetOptions | undefined,
    takeLock?: () => HeldLock | undefined,
  ): Promise<never> {
    const negative = options?.negative;
    if (negative && isNotFound(error)) {
      const ttl = typeof negative === 'object' ? negative.ttlSeconds : DEFAULT_NEGATIVE_TTL_SECONDS;
      await this.#store(key, error.message, KIND_NOT_FOUND, ttl * 1000, 0, options?.tags, takeLock);
    }
    throw error;
  }

  /** Writes every tier (L2 and L3 failures are counted and skipped); returns freshUntil. */
  async #store(
    key: string,
    value: unknown,
    kind: EntryKind,
    ttlMs: number,
    graceMs: number,
    tags: ReadonlyArray<string> | undefined,
    takeLock?: () => HeldLock | undefined,
  ): Promise<number> {
    const c = this.#counters;
    const now = this.#clock();
    const freshUntil = now + ttlMs;
    const physicalUntil = freshUntil + graceMs;
    const raw = encode(value, kind, freshUntil);
    if (this.#l1) {
      this.#putL1(key, value, kind, freshUntil, physicalUntil, raw.length, tags, now);
      c.l1.sets++;
    }
    const fullKey = this.#keyPrefix + key;
    const l2 = this.#l2;
    const l3 = this.#l3;
    const writes: Array<Promise<void>> = [];
    if (l2?.available()) {
      const px = Number.isFinite(physicalUntil) ? Math.max(1, physicalUntil - now) : 0;
      const tagKeys = tags?.map((tag) => this.#tagPrefix + tag);
      writes.push(
        l2.set(fullKey, raw, px, tagKeys, takeLock?.()).then((ok) => {
          if (ok) c.l2.sets++;
          else c.l2.errors++;
        }),
      );
    }
    if (l3) {
      writes.push(
        l3.set(fullKey, raw, physicalUntil).then((ok) => {
          if (ok) c.l3.sets++;
          else c.l3.errors++;
        }),
      );
    }
    if (writes.length === 1) await writes[0];
    else if (writes.length > 1) await Promise.all(writes);
    return freshUntil;
  }

  #publish(message: InvalidationMessage): void {
    const bus = this.#bus;
    const l2 = this.#l2;
    if (!bus || !l2?.available()) return;
    l2.publish(bus.channel, bus.encode(message)).catch(noop);
  }
}
