import { LOCAL_REDIS_CLUSTER } from '@roadcall/contracts';
import { spawnRedisCluster } from '@roadcall/local';
import { createCache, type TieredCache } from '@roadcall/utils/cache';
import { GeoIndex, type GeoMember } from '@roadcall/utils/geo';
import { createRedisClient } from '@roadcall/utils/redis';
import type { VendorRepository, VendorService as VendorServiceType, VendorSummary } from '../../services/vendors-svc/src';
import { VendorService } from '../../services/vendors-svc/src';
import { runConcurrently, summarize } from './stats';

/** One side of the comparison: p50/p99 of sequential searches and throughput with calls in flight. */
export interface TopologyFigures {
  readonly p50: number;
  readonly p99: number;
  readonly opsPerSec: number;
}

export interface ClusterComparison {
  readonly masters: number;
  readonly loadClusterMs: number;
  readonly sameResults: string;
  readonly uncached: { readonly standalone: TopologyFigures; readonly cluster: TopologyFigures };
  readonly cached: { readonly standalone: TopologyFigures; readonly cluster: TopologyFigures };
}

type Search = (query: Parameters<VendorServiceType['search']>[0]) => Promise<unknown>;

/**
 * The same geo search on a local 3-master Redis Cluster (spawned here, stopped at the end) beside
 * the standalone server the rest of `pnpm bench geo` uses: the same vendors, the same queries,
 * each query through both topologies back to back (order alternating, so a noisy neighbour hits
 * both alike), then throughput with `concurrency` calls in flight, the better of two passes.
 */
export async function compareClusterWithStandalone(options: {
  readonly members: ReadonlyArray<GeoMember<VendorSummary>>;
  readonly queries: ReadonlyArray<Parameters<VendorServiceType['search']>[0]>;
  readonly standalone: VendorServiceType;
  readonly repo: VendorRepository;
  readonly throughputCalls: number;
  readonly concurrency: number;
}): Promise<ClusterComparison> {
  const cluster = await spawnRedisCluster({ masters: LOCAL_REDIS_CLUSTER.masters });
  const redis = createRedisClient(cluster.url, {}, true);
  const cacheRedis = createRedisClient(cluster.url, {}, true);
  const caches: TieredCache[] = [];
  try {
    const index = new GeoIndex<VendorSummary>({ redis, prefix: 'bench:geo' });
    const started = performance.now();
    await index.addMany(options.members);
    const loadClusterMs = performance.now() - started;
    caches.push(
      createCache({ namespace: 'vendorProfile', redis: cacheRedis, subscriber: false, prefix: 'bench-cluster' }),
      createCache({ namespace: 'vendorSearch', redis: cacheRedis, subscriber: false, prefix: 'bench-cluster' }),
    );
    const service = new VendorService({
      repo: options.repo,
      index,
      profiles: caches[0] as TieredCache,
      searches: caches[1] as TieredCache,
    });

    let same = 0;
    for (const q of options.queries.slice(0, 200)) {
      const [a, b] = await Promise.all([options.standalone.search(q, { cache: false }), service.search(q, { cache: false })]);
      if (a.value.map((m) => m.vendorId).join() === b.value.map((m) => m.vendorId).join()) same++;
    }

    const measure = async (standalone: Search, onCluster: Search): Promise<{ standalone: TopologyFigures; cluster: TopologyFigures }> => {
      const samples = { standalone: [] as number[], cluster: [] as number[] };
      const pair = [
        ['standalone', standalone],
        ['cluster', onCluster],
      ] as const;
      // Warm-up: JIT, node connections, caches filled.
      for (const q of options.queries.slice(0, 200)) await Promise.all([standalone(q), onCluster(q)]);
      for (let i = 0; i < options.queries.length; i++) {
        const q = options.queries[i] as Parameters<Search>[0];
        for (let k = 0; k < 2; k++) {
          const [name, fn] = pair[(i + k) % 2] as (typeof pair)[number];
          const t0 = performance.now();
          await fn(q);
          samples[name].push(performance.now() - t0);
        }
      }
      const ops = { standalone: 0, cluster: 0 };
      for (let pass = 0; pass < 2; pass++) {
        for (const [name, fn] of pair) {
          const { elapsedMs } = await runConcurrently(options.throughputCalls, options.concurrency, (i) =>
            fn(options.queries[i % options.queries.length] as Parameters<Search>[0]),
          );
          ops[name] = Math.max(ops[name], (options.throughputCalls / elapsedMs) * 1000);
        }
      }
      const figures = (name: 'standalone' | 'cluster'): TopologyFigures => {
        const stats = summarize(samples[name]);
        return { p50: stats.p50, p99: stats.p99, opsPerSec: ops[name] };
      };
      return { standalone: figures('standalone'), cluster: figures('cluster') };
    };

    const uncached = await measure(
      (q) => options.standalone.search(q, { cache: false }),
      (q) => service.search(q, { cache: false }),
    );
    const cached = await measure(
      (q) => options.standalone.search(q),
      (q) => service.search(q),
    );
    return { masters: LOCAL_REDIS_CLUSTER.masters, loadClusterMs: Math.round(loadClusterMs), sameResults: `${same}/200`, uncached, cached };
  } finally {
    await Promise.all(caches.map((cache) => cache.close()));
    redis.disconnect();
    cacheRedis.disconnect();
    await cluster.stop();
  }
}
