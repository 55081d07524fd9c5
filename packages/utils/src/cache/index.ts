/**
 * `@roadcall/utils/cache`: the tiered cache. L1 in-process LRU -> L2 Redis -> L3 DynamoDB (opt-in
 * per namespace), namespaces and TTLs from `CACHE_NAMESPACES` in `@roadcall/contracts`.
 *
 * Usage:
 * ```ts
 * import { getCache, cacheKey, userScopedKey, cacheMetrics } from '@roadcall/utils/cache';
 *
 * const vendors = getCache('vendorProfile');                      // one per namespace per process
 * const v = await vendors.getOrSet(cacheKey('vendor', id), () => repo.get(id), {
 *   tags: [`vendor:${id}`],                                       // invalidateTag without scans
 *   graceSeconds: 60, softTimeoutMs: 200,                          // serve stale if the source fails/is slow
 *   negative: true,                                               // cache not-found (undefined / NotFoundError)
 * });
 * const { value, source } = await vendors.getOrSetEntry(key, load); // source: HIT-L1 | HIT-L2 | HIT-L3 | MISS
 * await vendors.delete(cacheKey('vendor', id));                    // or invalidateTag / invalidatePattern('vendor:*') / invalidateNamespace()
 *
 * // Per-user namespaces (perUser in the contracts) only accept keys made by userScopedKey:
 * await getCache('integrations').getOrSet(userScopedKey(auth, 'list'), () => list(auth.userId));
 *
 * cacheMetrics(); // per namespace and tier: hits, misses, sets, deletes, evictions, errors, hitRatio, l1Size
 * ```
 * Guarantees: the factory runs once per key per process (single flight) and once across processes
 * while the Redis lock holds; a Redis outage or slowness never throws (the breaker routes around
 * it and closes by itself); other containers' L1 drop an invalidated entry on the pub/sub message,
 * and never keep one longer than `CACHE_TIMINGS.l1MaxTtlSeconds` if the message is missed.
 * Values in L1 are shared references: do not mutate what the cache returns.
 */

export { CircuitBreaker } from './breaker';
export { InvalidationBus, type InvalidationMessage } from './bus';
export { cacheRedisClient, closeCaches, createCache, getCache } from './createCache';
export { CacheConfigError, CacheIsolationError } from './errors';
export { compileGlob, type GlobMatcher } from './glob';
export { type HttpCacheRequest, httpCache } from './httpCache';
export { type HttpCacheKeyParts, httpCacheKey, httpCacheVariesByUser } from './httpKey';
export { cacheKey, isUserScopedKey, keyPart, queryKey, USER_SCOPE_PREFIX, userScopedKey, userScopePattern } from './keys';
export { cacheMetrics, namespaceMetrics, resetCacheMetrics } from './metrics';
export { TieredCache } from './tieredCache';
export type * from './types';
