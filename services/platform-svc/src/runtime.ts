import type { MetricsStore } from '@roadcall/utils/metrics';
import { redisClient } from '@roadcall/utils/redis';
import { type CachedHealthReport, createHealthCache, type HealthCache, sharedHealthReport as shared } from './health';

/**
 * The container's instances, each built on first use and kept for the container's life (module
 * scope lives as long as the Lambda container). Tests build their own.
 */
let health: HealthCache | undefined;

/**
 * The container's deep-check cache: one probe round per TTL per container.
 *
 * @example
 * const report = await healthCache().get();
 */
export function healthCache(): HealthCache {
  health ??= createHealthCache();
  return health;
}

/**
 * The deep report shared across containers (system-health namespace) over this container's cache.
 *
 * @example
 * const report = await sharedHealthReport();
 */
export function sharedHealthReport(): Promise<CachedHealthReport> {
  return shared(healthCache());
}

/**
 * The Redis the metrics buckets live in, as the narrow store the reader needs (the shared client,
 * created on first use).
 *
 * @example
 * const metrics = await readMetrics(metricsStore(), metricsKeyPrefix(), { minutes: 15 });
 */
export function metricsStore(): MetricsStore {
  return redisClient() as unknown as MetricsStore;
}
