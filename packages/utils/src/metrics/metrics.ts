import { ENV } from '@roadcall/contracts';
import { cacheMetrics } from '../cache/metrics';
import { isLambdaRuntime } from '../config/runtime';
import { redisClient } from '../redis/client';
import { DEFAULT_EMF_NAMESPACE, DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_KEY_PREFIX } from './constants';
import { MetricsFlusher } from './flusher';
import { MetricsRecorder } from './recorder';
import type { MetricsStore } from './store';
import type { CacheCounters, InvocationSample, MetricsSources, PoolStats } from './types';

/** The Redis key prefix of the metrics buckets (METRICS_KEY_PREFIX), read at each use. */
export function metricsKeyPrefix(): string {
  return process.env[ENV.metricsKeyPrefix] || DEFAULT_KEY_PREFIX;
}

const TIER_NAMES = { l1: 'memory', l2: 'redis', l3: 'dynamodb' } as const;

/** The cache's cumulative counters, per namespace and tier in the contracts' tier names. */
function cacheCounters(): CacheCounters[] {
  return cacheMetrics().flatMap((snapshot) =>
    (Object.keys(TIER_NAMES) as Array<keyof typeof TIER_NAMES>)
      .map((tier) => ({
        namespace: snapshot.namespace,
        tier: TIER_NAMES[tier],
        hits: snapshot.tiers[tier].hits,
        misses: snapshot.tiers[tier].misses,
      }))
      .filter((entry) => entry.hits + entry.misses > 0),
  );
}

// The cache is wired here (its counters module has no dependencies); the pool registers itself,
// since importing the db module would put `pg` into every handler's bundle.
const sources: MetricsSources = { cache: cacheCounters };
let invocations = 0;
let flusher: MetricsFlusher | undefined;
const recorder = new MetricsRecorder();

function theFlusher(): MetricsFlusher {
  flusher ??= new MetricsFlusher({
    recorder,
    // Functions without Redis (no REDIS_URL) still emit EMF; the cross-container view lacks them.
    store: () => (process.env[ENV.redisUrl] ? (redisClient() as unknown as MetricsStore) : undefined),
    prefix: metricsKeyPrefix,
    intervalMs:
      Number(process.env[ENV.metricsFlushIntervalMs]) > 0 ? Number(process.env[ENV.metricsFlushIntervalMs]) : DEFAULT_FLUSH_INTERVAL_MS,
    // Off Lambda no agent turns log lines into metrics: printing EMF there would only be noise.
    emf: isLambdaRuntime() ? (line) => process.stdout.write(`${line}\n`) : undefined,
    emfNamespace: process.env[ENV.metricsNamespace] || DEFAULT_EMF_NAMESPACE,
    service: process.env[ENV.serviceName] || 'roadcall',
    sources,
    invocations: () => invocations,
  });
  return flusher;
}

/**
 * Records one API request against its route and its function. In-memory only; a flush to Redis
 * and EMF starts in the background when one is due. Safe to call on the hot path.
 *
 * @example
 * recordRequest('vendors.get', { latencyMs: 12.4, statusCode: 200, cold: false });
 */
export function recordRequest(routeId: string, sample: InvocationSample, functionId: string = routeId): void {
  invocations += 1;
  recorder.record('route', routeId, sample);
  recorder.record('function', functionId, sample);
  theFlusher().flushIfDue();
}

/**
 * Records one invocation of a non-HTTP function (a queue consumer, a scheduled function).
 *
 * @example
 * const started = performance.now();
 * try { await work(); recordInvocation('jobs.processJobs', { latencyMs: performance.now() - started, cold }); }
 * catch (error) { recordInvocation('jobs.processJobs', { latencyMs: performance.now() - started, cold, error: true }); throw error; }
 */
export function recordInvocation(functionId: string, sample: InvocationSample): void {
  invocations += 1;
  recorder.record('function', functionId, sample);
  theFlusher().flushIfDue();
}

/**
 * Records one finished job of a type: its processing time (claimed to completed or failed) and
 * whether it failed, as the series `job|<type>`, so `/performance/metrics` shows processing-time
 * percentiles and the completion rate per type across containers (and EMF per type).
 *
 * @example
 * recordJob('export', { durationMs: 5_200, failed: false });
 */
export function recordJob(type: string, outcome: { durationMs: number; failed: boolean }): void {
  recorder.record('job', type, { latencyMs: outcome.durationMs, error: outcome.failed });
  theFlusher().flushIfDue();
}

/**
 * Records one degraded answer (a fallback path served it: e.g. the vendor search from the table
 * while the Redis geo index is lost), as the series `degraded:<name>` with its latency, so the
 * count and the fallback's percentiles show beside the routes in `/performance` and in EMF.
 *
 * @example
 * recordDegraded('vendors.geo-search', 4.2);
 */
export function recordDegraded(name: string, latencyMs: number): void {
  recorder.record('function', `degraded:${name}`, { latencyMs });
  theFlusher().flushIfDue();
}

/**
 * Lets other concerns feed the flush: the cache's cumulative hit/miss counters per namespace and
 * tier, the pools' stats. Called once at module load by whoever owns them.
 *
 * @example
 * registerMetricsSources({ pools: () => [{ name: 'postgres', ...poolStats() }] });
 */
export function registerMetricsSources(next: MetricsSources): void {
  if (next.cache) sources.cache = next.cache;
  if (next.pools) sources.pools = next.pools;
}

/** Flushes now and waits (tests, the end of a batch, graceful shutdown). Never throws. */
export async function flushMetrics(): Promise<void> {
  await theFlusher()
    .flush()
    .catch(() => undefined);
}

/** Stops the idle flush timer (tests, graceful shutdown). */
export function stopMetrics(): void {
  flusher?.stop();
}

/**
 * Maps the db pool's statistics (`DatabasePool.stats()`) to the metrics' pool shape. Structural,
 * so the metrics module never imports `pg`.
 *
 * @example
 * registerMetricsSources({ pools: () => [poolStatsFrom('postgres', getPool().stats())] });
 */
export function poolStatsFrom(
  name: string,
  stats: {
    max: number;
    total: number;
    idle: number;
    waiting: number;
    waits?: number;
    waitMs?: number;
    acquire: { count: number; meanMs: number; p99Ms: number };
  },
): PoolStats {
  return {
    name,
    max: stats.max,
    total: stats.total,
    idle: stats.idle,
    waiting: stats.waiting,
    waits: stats.waits,
    waitMs: stats.waitMs,
    acquired: stats.acquire.count,
    acquireMeanMs: stats.acquire.meanMs,
    acquireP99Ms: stats.acquire.p99Ms,
  };
}
