import { DEFAULT_WINDOW_MINUTES, MAX_WINDOW_MINUTES, METRICS_SHARDS } from './constants';
import { Histogram } from './histogram';
import { bucketOf, type MetricsReadPipeline, type MetricsStore, metricsKeys } from './store';
import type { ContainerStats, SeriesKind } from './types';

/** A route's or function's figures over a window, across every container. */
export interface SeriesReport {
  readonly name: string;
  readonly count: number;
  readonly errors: number;
  readonly clientErrors: number;
  /** errors / count (5xx or failed invocations). */
  readonly errorRate: number;
  readonly coldStarts: number;
  /** coldStarts / count. */
  readonly coldStartRatio: number;
  /** Latency in ms: p50/p95/p99 from merged histograms (within ~1%), mean exact. */
  readonly latencyMs: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly p99: number | null;
    readonly mean: number | null;
  };
}

export interface CacheReport {
  readonly namespace: string;
  readonly tier: string;
  readonly hits: number;
  readonly misses: number;
  /** hits / (hits + misses); `null` without lookups. */
  readonly hitRate: number | null;
}

export interface PoolReport {
  readonly name: string;
  /** Acquisitions that waited for a connection, over the window, all containers. */
  readonly waits: number;
  readonly waitMs: number;
  readonly acquired: number;
  /** Latest gauges summed over the containers seen in the window. */
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly containers: number;
}

export interface AggregatedMetrics {
  readonly window: { readonly minutes: number; readonly from: string; readonly to: string };
  readonly routes: SeriesReport[];
  readonly functions: SeriesReport[];
  /** Per job type: count = finished jobs, errors = failed ones, latency = processing time. */
  readonly jobs: SeriesReport[];
  readonly cache: CacheReport[];
  readonly pools: PoolReport[];
  /** Each container's latest memory and uptime (one row per container seen in the window). */
  readonly containers: ContainerStats[];
}

const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (part: number, whole: number): number => (whole > 0 ? round(part / whole, 4) : 0);

interface SeriesAccumulator {
  count: number;
  errors: number;
  clientErrors: number;
  cold: number;
  sumMs: number;
  readonly histogram: Histogram;
}

/** Clamps a requested window to 1..MAX_WINDOW_MINUTES (default DEFAULT_WINDOW_MINUTES). */
export function windowMinutes(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_WINDOW_MINUTES;
  return Math.max(1, Math.min(MAX_WINDOW_MINUTES, Math.floor(requested)));
}

/**
 * Reads the last `minutes` buckets (the current minute included) and merges them: counters add,
 * histograms add bin by bin, so percentiles are of every request in the window, not averages of
 * per-container percentiles. Two round trips whatever the window: each a pipeline per shard
 * (one slot each, so legal in Redis Cluster), sent concurrently.
 *
 * @example
 * const report = await readMetrics(redisClient(), 'roadcall:metrics', { minutes: 15 });
 * report.routes.find((r) => r.name === 'vendors.get')?.latencyMs.p95;
 */
export async function readMetrics(
  store: MetricsStore,
  prefix: string,
  options: { minutes?: number; now?: number } = {},
): Promise<AggregatedMetrics> {
  const minutes = windowMinutes(options.minutes);
  const now = options.now ?? Date.now();
  const last = bucketOf(now);
  const buckets = Array.from({ length: minutes }, (_, index) => last - index);

  const shards = Array.from({ length: METRICS_SHARDS }, (_, shard) => shard);
  // One entry per (shard, minute), in this order: what the first round trip reads.
  const slots = shards.flatMap((shard) => buckets.map((minute) => ({ shard, minute })));
  const firstResults = (
    await Promise.all(
      shards.map(async (shard) => {
        const first: MetricsReadPipeline = store.pipeline();
        for (const minute of buckets) {
          first.hgetall(metricsKeys.counters(prefix, shard, minute));
          first.smembers(metricsKeys.series(prefix, shard, minute));
          first.hgetall(metricsKeys.containers(prefix, shard, minute));
        }
        return ((await first.exec()) ?? []) as Array<[Error | null, unknown]>;
      }),
    )
  ).flat();
  const value = <T>(entry: [Error | null, unknown] | undefined, fallback: T): T =>
    entry && !entry[0] && entry[1] ? (entry[1] as T) : fallback;

  const series = new Map<string, SeriesAccumulator>();
  const cache = new Map<string, { namespace: string; tier: string; hits: number; misses: number }>();
  const poolCounters = new Map<string, { waits: number; waitMs: number; acquired: number }>();
  const containers = new Map<string, ContainerStats>();
  const histogramReads: Array<{ id: string; key: string; shard: number }> = [];

  const seriesFor = (id: string): SeriesAccumulator => {
    let acc = series.get(id);
    if (!acc) {
      acc = { count: 0, errors: 0, clientErrors: 0, cold: 0, sumMs: 0, histogram: new Histogram() };
      series.set(id, acc);
    }
    return acc;
  };

  slots.forEach(({ shard, minute }, index) => {
    const counters = value<Record<string, string>>(firstResults[index * 3], {});
    for (const [field, raw] of Object.entries(counters)) {
      const amount = Number(raw);
      const parts = field.split('|');
      const metric = parts.pop() as string;
      if (parts[0] === 'cache' && parts.length === 3) {
        const key = `${parts[1]}|${parts[2]}`;
        const entry = cache.get(key) ?? { namespace: parts[1] as string, tier: parts[2] as string, hits: 0, misses: 0 };
        if (metric === 'hits') entry.hits += amount;
        if (metric === 'misses') entry.misses += amount;
        cache.set(key, entry);
      } else if (parts[0] === 'pool' && parts.length === 2) {
        const entry = poolCounters.get(parts[1] as string) ?? { waits: 0, waitMs: 0, acquired: 0 };
        if (metric === 'waits') entry.waits += amount;
        if (metric === 'wait_ms') entry.waitMs += amount;
        if (metric === 'acquired') entry.acquired += amount;
        poolCounters.set(parts[1] as string, entry);
      } else if (parts[0] === 'route' || parts[0] === 'function' || parts[0] === 'job') {
        const acc = seriesFor(parts.join('|'));
        if (metric === 'count') acc.count += amount;
        if (metric === 'errors') acc.errors += amount;
        if (metric === 'client_errors') acc.clientErrors += amount;
        if (metric === 'cold') acc.cold += amount;
        if (metric === 'sum_ms') acc.sumMs += amount;
      }
    }
    for (const id of value<string[]>(firstResults[index * 3 + 1], []))
      histogramReads.push({ id, shard, key: metricsKeys.histogram(prefix, shard, minute, id) });
    for (const raw of Object.values(value<Record<string, string>>(firstResults[index * 3 + 2], {}))) {
      try {
        const stats = JSON.parse(raw) as ContainerStats;
        const seen = containers.get(stats.id);
        if (!seen || seen.at < stats.at) containers.set(stats.id, stats);
      } catch {
        // A malformed entry (another writer's bug) must not break the report.
      }
    }
  });

  if (histogramReads.length > 0) {
    await Promise.all(
      shards.map(async (shard) => {
        const reads = histogramReads.filter((read) => read.shard === shard);
        if (reads.length === 0) return;
        const second: MetricsReadPipeline = store.pipeline();
        for (const read of reads) second.hgetall(read.key);
        const secondResults = ((await second.exec()) ?? []) as Array<[Error | null, unknown]>;
        reads.forEach((read, index) => {
          const bins = value<Record<string, string>>(secondResults[index], {});
          seriesFor(read.id).histogram.merge(Object.entries(bins).map(([bin, count]) => [Number(bin), Number(count)] as const));
        });
      }),
    );
  }

  const reports: Record<SeriesKind, SeriesReport[]> = { route: [], function: [], job: [] };
  for (const [id, acc] of series) {
    const [kind, ...rest] = id.split('|');
    const p = (q: number): number | null => {
      const v = acc.histogram.percentile(q);
      return v === null ? null : round(v);
    };
    reports[kind as SeriesKind]?.push({
      name: rest.join('|'),
      count: acc.count,
      errors: acc.errors,
      clientErrors: acc.clientErrors,
      errorRate: ratio(acc.errors, acc.count),
      coldStarts: acc.cold,
      coldStartRatio: ratio(acc.cold, acc.count),
      latencyMs: { p50: p(50), p95: p(95), p99: p(99), mean: acc.count > 0 ? round(acc.sumMs / acc.count) : null },
    });
  }

  const latestContainers = [...containers.values()].sort(
    (a, b) => a.functionName.localeCompare(b.functionName) || a.id.localeCompare(b.id),
  );
  const poolNames = new Set([...poolCounters.keys(), ...latestContainers.flatMap((c) => c.pools.map((pool) => pool.name))]);
  const pools: PoolReport[] = [...poolNames].sort().map((name) => {
    const counters = poolCounters.get(name) ?? { waits: 0, waitMs: 0, acquired: 0 };
    const gauges = latestContainers.flatMap((c) => c.pools.filter((pool) => pool.name === name));
    const sum = (pick: (pool: (typeof gauges)[number]) => number): number => gauges.reduce((total, pool) => total + pick(pool), 0);
    return {
      name,
      ...counters,
      total: sum((p) => p.total),
      idle: sum((p) => p.idle),
      waiting: sum((p) => p.waiting),
      containers: gauges.length,
    };
  });

  const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);
  return {
    window: { minutes, from: new Date((last - minutes + 1) * 60_000).toISOString(), to: new Date(now).toISOString() },
    routes: reports.route.sort(byName),
    functions: reports.function.sort(byName),
    jobs: reports.job.sort(byName),
    cache: [...cache.values()]
      .map((entry) => ({ ...entry, hitRate: entry.hits + entry.misses > 0 ? round(entry.hits / (entry.hits + entry.misses), 4) : null }))
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.tier.localeCompare(b.tier)),
    pools,
    containers: latestContainers,
  };
}
