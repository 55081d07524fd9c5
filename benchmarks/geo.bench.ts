/**
 * `pnpm bench geo`: vendor search on 50,000 vendors in a private Redis.
 *
 * - raw baseline: one global GEO set per filter, GEOSEARCH ... WITHDIST ASC COUNT, then HMGET of
 *   the hits' summaries from one hash (two round trips; what a single-node design would do).
 * - ours, uncached: VendorService.search with the cache bypassed: the cells the circle reaches,
 *   one script per cell in one pipeline (one round trip), merged by distance.
 * - ours, cached: VendorService.search through the tiered cache (60 s entries per 0.01° grid point).
 *
 * - fallback (Redis lost): the same search answered from the vendors table's `byCell` index
 *   (one Query per 0.5° cell the circle reaches, exact distance, filters), as VendorService
 *   answers while the Redis index is down or rebuilding. Measured on dynalite (the local
 *   DynamoDB), on a sample of the queries, beside the indexed path on the same sample.
 *
 * Latency: sequential calls, each query through the three variants back to back, over 3 rounds.
 * Throughput: 16 calls in flight, the better of two interleaved passes.
 * - cluster vs standalone: the same vendors loaded into a local 3-master Redis Cluster (spawned for
 *   the run), every query through both topologies back to back, uncached and cached: p50, p99 and
 *   throughput side by side (what sharding costs or buys on one machine; see docs/deploy.md).
 *
 * Targets: uncached p99 <= 1.5x the baseline p99; cached throughput >= 5x uncached.
 * The 1-minute load average is printed beside the figures (the machine may be shared).
 */
import { loadavg } from 'node:os';
import { closeCaches, createCache } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import { GeoIndex } from '@roadcall/utils/geo';
import { createRedisClient } from '@roadcall/utils/redis';
import {
  DynamoVendorRepository,
  tableGeoSearch,
  VENDOR_SERVICE_TYPES,
  VendorCellIndex,
  type VendorMatch,
  type VendorRepository,
  VendorService,
  type VendorSummary,
  vendorTableClient,
} from '../services/vendors-svc/src';
import { toGeoMember, toMatch } from '../services/vendors-svc/src/geo';
import { generateVendors, METROS, mulberry32 } from '../services/vendors-svc/src/seed';
import { withEngines } from './support/engines';
import { compareClusterWithStandalone } from './support/geoCluster';
import { report } from './support/report';
import { runConcurrently, summarize, timeEach } from './support/stats';

const VENDORS = 50_000;
const QUERIES = 1_000;
const ROUNDS = 3;
const THROUGHPUT_CALLS = 4_000;
const CONCURRENCY = 16;
const RADII_KM = [5, 10, 25, 50];
const LIMIT = 20;
/** Queries (of the same mix) measured on the fallback path and on the indexed path beside it. */
const FALLBACK_QUERIES = 300;
const FALLBACK_THROUGHPUT_CALLS = 400;

interface Query {
  readonly lat: number;
  readonly lon: number;
  readonly radiusKm: number;
  readonly limit: number;
  readonly service?: (typeof VENDOR_SERVICE_TYPES)[number];
}

/** Deterministic queries around the metros (where the vendors are), mixed radii and filters. */
function makeQueries(count: number, seed: number): Query[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const metro = METROS[Math.floor(random() * METROS.length)] as (typeof METROS)[number];
    const km = metro.spreadKm * (random() - 0.5) * 2;
    const service = random() < 0.5 ? VENDOR_SERVICE_TYPES[Math.floor(random() * VENDOR_SERVICE_TYPES.length)] : undefined;
    return {
      lat: metro.lat + km / 111.2,
      lon: metro.lon + (metro.spreadKm * (random() - 0.5) * 2) / (111.2 * Math.cos((metro.lat * Math.PI) / 180)),
      radiusKm: RADII_KM[Math.floor(random() * RADII_KM.length)] as number,
      limit: LIMIT,
      ...(service ? { service } : {}),
    };
  });
}

/** The search path never touches the table; a repository that fails loudly proves it. */
const noTable = new Proxy({} as VendorRepository, {
  get: () => () => {
    throw new Error('the search benchmark must not read the table');
  },
});

async function main(): Promise<void> {
  await withEngines(async () => {
    const loadBefore = loadavg()[0] ?? 0;
    const redis = createRedisClient();
    const index = new GeoIndex<VendorSummary>({ redis, prefix: 'bench:geo' });
    const vendors = [...generateVendors({ count: VENDORS, seed: 42 })];

    let started = performance.now();
    await index.addMany(vendors.map(toGeoMember));
    const loadOursMs = performance.now() - started;

    // The baseline's data: global GEO sets (available; available per service) and one summary hash.
    started = performance.now();
    const raw = redis.pipeline();
    for (const vendor of vendors) {
      if (!vendor.available) continue;
      const { lon, lat } = vendor.location;
      raw.geoadd('bench:raw:on', lon, lat, vendor.vendorId);
      for (const service of vendor.services) raw.geoadd(`bench:raw:on:${service}`, lon, lat, vendor.vendorId);
      const member = toGeoMember(vendor);
      raw.hset(
        'bench:raw:meta',
        vendor.vendorId,
        JSON.stringify({ lat, lon, services: member.services, available: true, summary: member.summary }),
      );
    }
    await raw.exec();
    const loadRawMs = performance.now() - started;

    const baseline = async (q: Query): Promise<unknown[]> => {
      const hits = (await redis.geosearch(
        q.service ? `bench:raw:on:${q.service}` : 'bench:raw:on',
        'FROMLONLAT',
        q.lon,
        q.lat,
        'BYRADIUS',
        q.radiusKm,
        'km',
        'ASC',
        'COUNT',
        q.limit,
        'WITHDIST',
      )) as Array<[string, string]>;
      if (hits.length === 0) return [];
      const metas = await redis.hmget('bench:raw:meta', ...hits.map(([id]) => id));
      return hits.map(([id, distance], i) => ({ id, distanceKm: Number(distance), ...(JSON.parse(metas[i] as string) as object) }));
    };

    const cacheRedis = createRedisClient();
    const service = new VendorService({
      repo: noTable,
      index,
      profiles: createCache({ namespace: 'vendorProfile', redis: cacheRedis, subscriber: false, prefix: 'bench' }),
      searches: createCache({ namespace: 'vendorSearch', redis: cacheRedis, subscriber: false, prefix: 'bench' }),
    });
    const uncached = (q: Query): Promise<unknown> => service.search(q, { cache: false });
    let hits = 0;
    let calls = 0;
    const cached = async (q: Query): Promise<VendorMatch[]> => {
      const result = await service.search(q);
      calls++;
      if (result.cache !== 'MISS') hits++;
      return result.value;
    };

    const queries = makeQueries(QUERIES, 7);
    // Same answers: our uncached search and the baseline return the same vendors for a sample.
    let agree = 0;
    for (const q of queries.slice(0, 200)) {
      const [a, b] = await Promise.all([baseline(q), service.search(q, { cache: false })]);
      // As sets: near-equal distances may order differently (Redis' geohash vs exact haversine).
      const ids = (a as Array<{ id: string }>)
        .map((x) => x.id)
        .sort()
        .join();
      if (
        ids ===
        b.value
          .map((m) => m.vendorId)
          .sort()
          .join()
      )
        agree++;
    }

    // Warm-up (JIT, connections, cache filled), then rounds in which every query runs through
    // the three variants back to back (order rotated): a burst of noise from a neighbour on this
    // shared machine lands on all three alike instead of on whichever block it happened to hit.
    for (const fn of [baseline, uncached, cached]) await timeEach(300, (i) => fn(queries[i % QUERIES] as Query));
    const variants = [
      ['baseline', baseline],
      ['uncached', uncached],
      ['cached', cached],
    ] as const;
    const samples: Record<(typeof variants)[number][0], number[]> = { baseline: [], uncached: [], cached: [] };
    hits = 0;
    calls = 0;
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let round = 0; round < ROUNDS; round++) {
      gc?.();
      for (let i = 0; i < QUERIES; i++) {
        const q = queries[i] as Query;
        for (let k = 0; k < variants.length; k++) {
          const [name, fn] = variants[(i + k) % variants.length] as (typeof variants)[number];
          const t0 = performance.now();
          await fn(q);
          samples[name].push(performance.now() - t0);
        }
      }
    }
    const cachedHitRatio = hits / calls;

    const throughput = async (fn: (q: Query) => Promise<unknown>): Promise<number> => {
      const { elapsedMs } = await runConcurrently(THROUGHPUT_CALLS, CONCURRENCY, (i) => fn(queries[i % QUERIES] as Query));
      return (THROUGHPUT_CALLS / elapsedMs) * 1000;
    };
    const ops = { baseline: 0, uncached: 0, cached: 0 };
    // Two interleaved passes; the better of each (a noisy neighbour slows one pass, not the code).
    for (let pass = 0; pass < 2; pass++) {
      for (const [name, fn] of variants) ops[name] = Math.max(ops[name], await throughput(fn));
    }

    // The same search on a local 3-master Redis Cluster, beside this standalone server (one run).
    const cluster = await compareClusterWithStandalone({
      members: vendors.map(toGeoMember),
      queries,
      standalone: service,
      repo: noTable,
      throughputCalls: THROUGHPUT_CALLS,
      concurrency: CONCURRENCY,
    });

    // The fallback: the same vendors in the table (with the byCell attributes the repository
    // writes), searched through the table's geo index as VendorService does while Redis is lost.
    started = performance.now();
    const repo = new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
    const WRITERS = 4;
    const share = Math.ceil(vendors.length / WRITERS);
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => repo.putMany(vendors.slice(i * share, (i + 1) * share))));
    const loadTableMs = performance.now() - started;
    const cellIndex = new VendorCellIndex();
    const fallback = async (q: Query): Promise<VendorMatch[]> => (await tableGeoSearch(cellIndex, q)).map((hit) => toMatch(hit));
    const fallbackQueries = queries.slice(0, FALLBACK_QUERIES);
    let sameAsIndexed = 0;
    for (const q of fallbackQueries.slice(0, 200)) {
      const [a, b] = await Promise.all([fallback(q), service.search(q, { cache: false })]);
      if (a.map((m) => m.vendorId).join() === b.value.map((m) => m.vendorId).join()) sameAsIndexed++;
    }
    await timeEach(50, (i) => fallback(fallbackQueries[i % FALLBACK_QUERIES] as Query));
    const fallbackSamples: number[] = [];
    const besideSamples: number[] = [];
    for (let i = 0; i < FALLBACK_QUERIES; i++) {
      const q = fallbackQueries[i] as Query;
      const pair = [
        [fallbackSamples, fallback],
        [besideSamples, uncached],
      ] as const;
      for (let k = 0; k < 2; k++) {
        const [into, fn] = pair[(i + k) % 2] as (typeof pair)[number];
        const t0 = performance.now();
        await fn(q);
        into.push(performance.now() - t0);
      }
    }
    const fallbackOps =
      ((await runConcurrently(FALLBACK_THROUGHPUT_CALLS, CONCURRENCY, (i) => fallback(queries[i % FALLBACK_QUERIES] as Query))).elapsedMs /
        FALLBACK_THROUGHPUT_CALLS) **
        -1 *
      1000;
    const fallbackStats = summarize(fallbackSamples);
    const besideStats = summarize(besideSamples);
    const loadAfter = loadavg()[0] ?? 0;

    const stats = { baseline: summarize(samples.baseline), uncached: summarize(samples.uncached), cached: summarize(samples.cached) };
    const cellsTouched = summarize(queries.map((q) => index.grid.cellsWithin(q, q.radiusKm).length));
    const rows: Array<Record<string, string | number>> = (['baseline', 'uncached', 'cached'] as const).map((name) => ({
      variant:
        name === 'baseline' ? 'raw GEOSEARCH + HMGET' : name === 'uncached' ? 'ours, uncached (cell pipelines)' : 'ours, cached (L1/L2)',
      'p50 ms': stats[name].p50,
      'p99 ms': stats[name].p99,
      'mean ms': stats[name].mean,
      'ops/s (16 in flight)': Math.round(ops[name]),
    }));
    for (const mode of ['uncached', 'cached'] as const) {
      for (const topology of ['standalone', 'cluster'] as const) {
        const figures = cluster[mode][topology];
        rows.push({
          variant: `${mode}, ${topology === 'cluster' ? `Redis Cluster (${cluster.masters} masters)` : 'standalone Redis'}, interleaved`,
          'p50 ms': figures.p50,
          'p99 ms': figures.p99,
          'mean ms': '',
          'ops/s (16 in flight)': Math.round(figures.opsPerSec),
        });
      }
    }
    rows.push(
      {
        variant: `ours, uncached, on the fallback's ${FALLBACK_QUERIES} queries`,
        'p50 ms': besideStats.p50,
        'p99 ms': besideStats.p99,
        'mean ms': besideStats.mean,
        'ops/s (16 in flight)': '',
      },
      {
        variant: 'fallback: table byCell (Redis lost)',
        'p50 ms': fallbackStats.p50,
        'p99 ms': fallbackStats.p99,
        'mean ms': fallbackStats.mean,
        'ops/s (16 in flight)': Math.round(fallbackOps),
      },
    );
    const figures = {
      vendors: VENDORS,
      queries: QUERIES * ROUNDS,
      radiiKm: RADII_KM,
      limit: LIMIT,
      loadOursMs: Math.round(loadOursMs),
      loadRawMs: Math.round(loadRawMs),
      sameResultsAsBaseline: `${agree}/200`,
      cellsPerSearch: { p50: cellsTouched.p50, p99: cellsTouched.p99, max: cellsTouched.max },
      baseline: { p50: stats.baseline.p50, p99: stats.baseline.p99, opsPerSec: ops.baseline },
      uncached: { p50: stats.uncached.p50, p99: stats.uncached.p99, opsPerSec: ops.uncached },
      cached: { p50: stats.cached.p50, p99: stats.cached.p99, opsPerSec: ops.cached, hitRatio: cachedHitRatio },
      fallback: {
        engine: 'dynalite',
        queries: FALLBACK_QUERIES,
        p50: fallbackStats.p50,
        p99: fallbackStats.p99,
        opsPerSec: fallbackOps,
        indexedOnSameQueries: { p50: besideStats.p50, p99: besideStats.p99 },
        sameResultsAsIndexed: `${sameAsIndexed}/200`,
        loadTableMs: Math.round(loadTableMs),
      },
      cluster: {
        ...cluster,
        uncachedP99ClusterVsStandalone: cluster.uncached.cluster.p99 / cluster.uncached.standalone.p99,
        uncachedThroughputClusterVsStandalone: cluster.uncached.cluster.opsPerSec / cluster.uncached.standalone.opsPerSec,
      },
      loadAverage1m: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadAfter * 100) / 100 },
      uncachedP99VsBaseline: stats.uncached.p99 / stats.baseline.p99,
      cachedThroughputVsUncached: ops.cached / ops.uncached,
      targets: {
        uncachedP99AtMost1_5xBaseline: stats.uncached.p99 / stats.baseline.p99 <= 1.5,
        cachedThroughputAtLeast5xUncached: ops.cached / ops.uncached >= 5,
      },
    };
    report(
      `geo search: ${VENDORS} vendors, ${QUERIES} queries x ${ROUNDS} rounds, radius ${RADII_KM.join('/')} km, limit ${LIMIT} (load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)})`,
      rows,
      figures,
    );
    await closeCaches();
    await Promise.allSettled([redis.quit(), cacheRedis.quit()]);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench geo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
