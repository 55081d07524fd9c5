import type { CacheNamespace, CacheNamespaceKey } from '@roadcall/contracts';
import type { RedisClient } from '../redis';

/** Which tier answered a read: the HTTP middleware turns it into the `X-Cache` header. */
export type CacheSource = 'HIT-L1' | 'HIT-L2' | 'HIT-L3' | 'MISS';

/** The tiers, as metrics name them. */
export type CacheTierName = 'l1' | 'l2' | 'l3';

/** A read's value and where it came from. */
export interface CacheEntryResult<T> {
  readonly value: T;
  readonly source: CacheSource;
  /** True when a stale value was served within its grace period (the factory failed or was slow). */
  readonly stale: boolean;
  /** Epoch ms at which the value stops being fresh (`Infinity` for no-expiry namespaces). */
  readonly expiresAt: number;
}

/** Options of a write. Omitted values come from the namespace in the contracts' catalog. */
export interface CacheSetOptions {
  /** Overrides the namespace TTL (seconds; `null` = no expiry, invalidated on update). */
  readonly ttlSeconds?: number | null;
  /** Tags to invalidate this entry by ({@link TieredCache.invalidateTag}), without scans. */
  readonly tags?: ReadonlyArray<string>;
  /** Seconds a value is kept after it expires, to be served if the factory fails or is slow. */
  readonly graceSeconds?: number;
}

/** What a factory receives. */
export interface CacheFactoryContext<T> {
  /** The key asked for (without the namespace prefix). */
  readonly key: string;
  /** The expired value within its grace period, when there is one. */
  readonly stale: T | undefined;
}

export type CacheFactory<T> = (context: CacheFactoryContext<T>) => Promise<T> | T;

/** Options of {@link TieredCache.getOrSet}. */
export interface CacheGetOrSetOptions extends CacheSetOptions {
  /**
   * Negative caching: a factory result of `undefined`, or a thrown `NotFoundError`, is cached
   * (for `ttlSeconds`, default {@link DEFAULT_NEGATIVE_TTL_SECONDS}) and replayed: `undefined` is
   * returned again, a `NotFoundError` thrown again. Off by default.
   */
  readonly negative?: boolean | { readonly ttlSeconds: number };
  /**
   * With a stale value in grace: wait this long for the factory, then serve the stale value and
   * let the factory finish in the background (it still refreshes the cache).
   */
  readonly softTimeoutMs?: number;
}

/** Per-namespace, per-tier counters. */
export interface CacheTierMetrics {
  hits: number;
  misses: number;
  sets: number;
  deletes: number;
  /** L1: entries evicted by the LRU (count or bytes limit). */
  evictions: number;
  /** L2/L3: operations that failed or timed out (served from the next tier / the source). */
  errors: number;
}

/** A namespace's metrics snapshot, as the metrics helper publishes them. */
export interface CacheNamespaceMetrics {
  readonly namespace: string;
  readonly tiers: Readonly<Record<CacheTierName, Readonly<CacheTierMetrics> & { readonly hitRatio: number }>>;
  /** L1 entries and approximate bytes held now. */
  readonly l1Size: number;
  readonly l1Bytes: number;
  /** Requests answered by any tier / all requests. */
  readonly hitRatio: number;
  /** Factory runs (cold keys, refreshes), coalesced waits and stale values served. */
  readonly factoryRuns: number;
  readonly coalesced: number;
  readonly staleServed: number;
  /** The L2 circuit breaker (shared by the process's caches). */
  readonly breaker: CacheBreakerState;
}

export type CacheBreakerState = 'closed' | 'open' | 'half-open' | 'disabled';

/** Which tiers a cache uses. Defaults: the namespace's `tiers` in the contracts, where available. */
export interface CacheTierSelection {
  readonly memory?: boolean;
  readonly redis?: boolean;
  readonly dynamodb?: boolean;
}

/** The narrow DynamoDB surface L3 needs (the document client satisfies it). */
export interface CacheDynamoClient {
  send(command: object): Promise<unknown>;
}

/** Options of {@link createCache}. */
export interface CacheOptions {
  /** A key of CACHE_NAMESPACES (`vendorProfile`) or its name (`vendor-profile`), or a full spec. */
  readonly namespace: CacheNamespaceKey | string | CacheNamespace;
  /** Override tiers (e.g. `{ memory: false }` for an L2-only cache). */
  readonly tiers?: CacheTierSelection;
  /** L1 max entries (default CACHE_MAX_SIZE, else 1000). */
  readonly maxEntries?: number;
  /** L1 max bytes (approximate, by serialized length; default CACHE_MAX_BYTES, else 8 MiB). */
  readonly maxBytes?: number;
  /** ioredis client for L2 (default: the process's cache client on REDIS_URL). */
  readonly redis?: RedisClient;
  /** A second connection for invalidation pub/sub (default: `redis.duplicate()`). */
  readonly subscriber?: RedisClient | false;
  /** DynamoDB document client and table for L3 (default: `@roadcall/utils/aws` and CACHE_TABLE). */
  readonly dynamo?: CacheDynamoClient;
  readonly tableName?: string;
  /** Key prefix in Redis and DynamoDB (default `rc:<stage>`), for isolation between stages/tests. */
  readonly prefix?: string;
  /** Clock in epoch ms (tests pass a fake one). */
  readonly clock?: () => number;
  /** L2 per-command timeout, ms (default {@link DEFAULT_L2_TIMEOUT_MS}). */
  readonly l2TimeoutMs?: number;
  /** Cross-process lock: how long it holds and how long others wait for its value, ms. */
  readonly lockTtlMs?: number;
  readonly lockWaitMs?: number;
  /** How often an open L2 breaker probes Redis (ms; default from the contracts' CACHE_TIMINGS). */
  readonly breakerResetMs?: number;
}

/** The read/write surface of a tiered cache (what services code against). */
export interface Cache {
  readonly namespace: string;
  get<T>(key: string): Promise<T | undefined>;
  getEntry<T>(key: string): Promise<CacheEntryResult<T> | undefined>;
  /** L1 only, synchronous: `undefined` on a miss or when L1 is off. */
  peek<T>(key: string): T | undefined;
  set<T>(key: string, value: T, options?: CacheSetOptions): Promise<void>;
  getOrSet<T>(key: string, factory: CacheFactory<T>, options?: CacheGetOrSetOptions): Promise<T>;
  getOrSetEntry<T>(key: string, factory: CacheFactory<T>, options?: CacheGetOrSetOptions): Promise<CacheEntryResult<T>>;
  mget<T>(keys: ReadonlyArray<string>): Promise<Array<T | undefined>>;
  mset<T>(entries: ReadonlyArray<readonly [string, T]>, options?: CacheSetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  invalidateNamespace(): Promise<void>;
  invalidatePattern(glob: string): Promise<number>;
  invalidateTag(tag: string): Promise<number>;
  metrics(): CacheNamespaceMetrics;
}

/** One entry as `TieredCache.inspect` shows it to an operator. */
export interface CacheInspection {
  readonly namespace: string;
  readonly key: string;
  /** Tiers holding it: `memory` (this container's L1) and/or `redis`. */
  readonly tiers: ReadonlyArray<'memory' | 'redis'>;
  readonly value: unknown;
  /** The namespace's TTL (null: no expiry). */
  readonly ttlSeconds: number | null;
  /** Seconds until it stops being fresh (null: no expiry). */
  readonly ttlLeftSeconds: number | null;
  /** Seconds since written, for entries written with the namespace TTL (null: no expiry). */
  readonly ageSeconds: number | null;
  /** Past its freshness, kept only for its grace period. */
  readonly stale: boolean;
  readonly tags: ReadonlyArray<string>;
}
