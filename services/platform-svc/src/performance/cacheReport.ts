import { type CacheReport, metricsKeyPrefix, readMetrics } from '@roadcall/utils/metrics';
import { redisClient, scanNodes } from '@roadcall/utils/redis';
import { metricsStore } from '../runtime';
import { namespaceTotals } from './cacheTotals';

/** The Redis server's own view: keyspace hits/misses, memory, evictions (INFO stats + memory), summed over a cluster's masters. */
export interface RedisServerStats {
  readonly keyspaceHits: number;
  readonly keyspaceMisses: number;
  readonly hitRate: number | null;
  readonly usedMemoryMb: number;
  readonly maxMemoryMb: number | null;
  readonly evictedKeys: number;
  readonly connectedClients: number;
}

function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields[line.slice(0, at)] = line.slice(at + 1);
  }
  return fields;
}

export async function redisServerStats(): Promise<RedisServerStats> {
  // Every master of a cluster (one server standalone): the figures are sums over the shards.
  const infos = await Promise.all(scanNodes(redisClient()).map(async (node) => parseInfo(await node.info())));
  const n = (key: string): number => infos.reduce((total, info) => total + Number(info[key] ?? 0), 0);
  const hits = n('keyspace_hits');
  const misses = n('keyspace_misses');
  const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    keyspaceHits: hits,
    keyspaceMisses: misses,
    hitRate: hits + misses > 0 ? Math.round((hits / (hits + misses)) * 10_000) / 10_000 : null,
    usedMemoryMb: mb(n('used_memory')),
    maxMemoryMb: n('maxmemory') > 0 ? mb(n('maxmemory')) : null,
    evictedKeys: n('evicted_keys'),
    connectedClients: n('connected_clients'),
  };
}

/** Hits and misses per namespace and tier across containers, with per-namespace totals. */
export async function cacheReport(minutes: number | undefined): Promise<{
  window: { minutes: number; from: string; to: string };
  namespaces: Array<{ namespace: string; hits: number; misses: number; hitRate: number | null; tiers: CacheReport[] }>;
  redis: RedisServerStats;
}> {
  const [metrics, redis] = await Promise.all([readMetrics(metricsStore(), metricsKeyPrefix(), { minutes }), redisServerStats()]);
  const byNamespace = new Map<string, CacheReport[]>();
  for (const entry of metrics.cache) byNamespace.set(entry.namespace, [...(byNamespace.get(entry.namespace) ?? []), entry]);
  const namespaces = [...byNamespace.entries()].map(([namespace, tiers]) => {
    const { hits, misses } = namespaceTotals(tiers);
    return { namespace, hits, misses, hitRate: hits + misses > 0 ? Math.round((hits / (hits + misses)) * 10_000) / 10_000 : null, tiers };
  });
  return { window: metrics.window, namespaces, redis };
}
