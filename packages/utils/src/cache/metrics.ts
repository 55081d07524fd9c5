import type { CacheBreakerState, CacheNamespaceMetrics, CacheTierMetrics, CacheTierName } from './types';

/** Mutable counters of one namespace, shared by every cache of that namespace in the process. */
export interface NamespaceCounters {
  readonly l1: CacheTierMetrics;
  readonly l2: CacheTierMetrics;
  readonly l3: CacheTierMetrics;
  requests: number;
  factoryRuns: number;
  coalesced: number;
  staleServed: number;
}

/** What a cache instance reports for the size and breaker parts of a snapshot. */
export interface MetricsSource {
  l1Size(): number;
  l1Bytes(): number;
  breakerState(): CacheBreakerState;
}

const tier = (): CacheTierMetrics => ({ hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, errors: 0 });
const counters = new Map<string, NamespaceCounters>();
const sources = new Map<string, Set<MetricsSource>>();

/** The counters of a namespace (created on first use). */
export function countersFor(namespace: string): NamespaceCounters {
  let found = counters.get(namespace);
  if (!found) {
    found = { l1: tier(), l2: tier(), l3: tier(), requests: 0, factoryRuns: 0, coalesced: 0, staleServed: 0 };
    counters.set(namespace, found);
  }
  return found;
}

export function registerMetricsSource(namespace: string, source: MetricsSource): () => void {
  let set = sources.get(namespace);
  if (!set) {
    set = new Set();
    sources.set(namespace, set);
  }
  set.add(source);
  return () => set.delete(source);
}

const ratio = (hits: number, misses: number): number => (hits + misses === 0 ? 0 : hits / (hits + misses));

function snapshot(namespace: string, c: NamespaceCounters): CacheNamespaceMetrics {
  const live = [...(sources.get(namespace) ?? [])];
  const tiers = {} as Record<CacheTierName, CacheTierMetrics & { hitRatio: number }>;
  for (const name of ['l1', 'l2', 'l3'] as const) tiers[name] = { ...c[name], hitRatio: ratio(c[name].hits, c[name].misses) };
  const hits = c.l1.hits + c.l2.hits + c.l3.hits;
  const breaker = live.find((source) => source.breakerState() !== 'disabled')?.breakerState() ?? 'disabled';
  return {
    namespace,
    tiers,
    l1Size: live.reduce((sum, source) => sum + source.l1Size(), 0),
    l1Bytes: live.reduce((sum, source) => sum + source.l1Bytes(), 0),
    hitRatio: c.requests === 0 ? 0 : Math.min(1, hits / c.requests),
    factoryRuns: c.factoryRuns,
    coalesced: c.coalesced,
    staleServed: c.staleServed,
    breaker,
  };
}

/**
 * Snapshots of every namespace used in this process: per tier hits, misses, sets, deletes,
 * evictions, errors and hit ratio; L1 size; overall hit ratio; the L2 breaker state.
 *
 * @example
 * for (const m of cacheMetrics()) metrics.addMetric(`cache.${m.namespace}.hitRatio`, 'Percent', m.hitRatio * 100);
 */
export function cacheMetrics(): CacheNamespaceMetrics[] {
  return [...counters.entries()].map(([namespace, c]) => snapshot(namespace, c));
}

/** One namespace's snapshot. */
export function namespaceMetrics(namespace: string): CacheNamespaceMetrics {
  return snapshot(namespace, countersFor(namespace));
}

/** Zeroes every counter (tests, or after each metrics flush when publishing deltas). */
export function resetCacheMetrics(): void {
  for (const c of counters.values()) {
    for (const name of ['l1', 'l2', 'l3'] as const) Object.assign(c[name], tier());
    c.requests = 0;
    c.factoryRuns = 0;
    c.coalesced = 0;
    c.staleServed = 0;
  }
}
