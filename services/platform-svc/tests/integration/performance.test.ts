import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ENV } from '@roadcall/contracts';
import { sqsClient } from '@roadcall/utils/aws';
import { cacheKey, closeCaches, getCache } from '@roadcall/utils/cache';
import { closePool } from '@roadcall/utils/db';
import { flushMetrics, metricsKeyPrefix, stopMetrics } from '@roadcall/utils/metrics';
import { closeRedisClient, redisClient, scanAll, unlinkAny } from '@roadcall/utils/redis';
import { handler as clearHandler } from '../../src/handlers/clearCache';
import { handler as analyzeHandler } from '../../src/handlers/performanceAnalyze';
import { handler as cacheHandler } from '../../src/handlers/performanceCache';
import { handler as databaseHandler } from '../../src/handlers/performanceDatabase';
import { handler as metricsHandler } from '../../src/handlers/performanceMetrics';
import type { Analysis } from '../../src/performance/analyze';
import { dlqDepths } from '../../src/performance/dlq';
import { apiEvent, call } from '../support/events';

const run = promisify(execFile);
const RUN_ID = randomUUID();
const SLOW_ROUTE = 'test.slowRoute';
const FAST_ROUTE = 'test.fastRoute';
const LOW_HIT_NAMESPACE = 'products';

/** The known latency set: 1..200 ms, split across two processes (odd / even). Every 25th answer is a 503. */
const LATENCIES = Array.from({ length: 200 }, (_, i) => i + 1);
const exact = (p: number): number => LATENCIES[Math.ceil((p / 100) * LATENCIES.length) - 1] as number;

beforeAll(async () => {
  process.env[ENV.metricsKeyPrefix] = `test:metrics:${RUN_ID}`;
  // Slow means p95 over 150 ms here: the known set's p95 (190 ms) is over, the fast route (5 ms) is not.
  process.env[ENV.perfResponseTimeMs] = '150';

  const samples = (parity: number) => [
    ...LATENCIES.filter((ms) => ms % 2 === parity).map((ms) => ({
      route: SLOW_ROUTE,
      latencyMs: ms,
      statusCode: ms % 25 === 0 ? 503 : 200,
    })),
    ...Array.from({ length: 15 }, () => ({ route: FAST_ROUTE, latencyMs: 5, statusCode: 200 })),
  ];
  const script = join(__dirname, '../support/recordSamples.ts');
  // Two real processes, each its own "container", writing to the test Redis under this run's prefix.
  await Promise.all(
    [1, 0].map((parity) =>
      run(process.execPath, ['--import', 'tsx', script], {
        cwd: join(__dirname, '..', '..'),
        env: { ...process.env, SAMPLES: JSON.stringify(samples(parity)), LOG_LEVEL: 'ERROR' },
      }),
    ),
  );

  // A low hit rate through the real tiered cache: 60 distinct keys (all misses), 5 repeats (hits).
  const cache = getCache(LOW_HIT_NAMESPACE);
  const keys = Array.from({ length: 60 }, (_, i) => cacheKey('perf-test', RUN_ID, String(i)));
  for (const key of keys) await cache.getOrSet(key, async () => ({ n: key }));
  for (const key of keys.slice(0, 5)) await cache.getOrSet(key, async () => ({ n: key }));
  await flushMetrics();
  for (const key of keys) await cache.delete(key);
}, 60_000);

afterAll(async () => {
  const prefix = metricsKeyPrefix();
  const redis = redisClient();
  // Every master of a cluster, one UNLINK per slot there.
  for await (const found of scanAll(redis, `${prefix}:*`)) await unlinkAny(redis, found);
  stopMetrics();
  await closeCaches();
  await Promise.all([closeRedisClient(), closePool()]);
  sqsClient().destroy();
});

interface SeriesBody {
  name: string;
  count: number;
  errors: number;
  errorRate: number;
  coldStarts: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number };
}

describe('GET /performance/metrics', () => {
  it('aggregates two processes: counts, errors, cold starts, and percentiles of the known latency set', async () => {
    const { status, body } = await call<{ routes: SeriesBody[]; functions: SeriesBody[]; containers: Array<{ id: string }> }>(
      metricsHandler,
      apiEvent({ role: 'admin', query: { minutes: '5' } }),
    );
    expect(status).toBe(200);
    const slow = body.routes.find((route) => route.name === SLOW_ROUTE) as SeriesBody;
    expect(slow).toMatchObject({ count: 200, errors: 8, errorRate: 0.04, coldStarts: 2 });
    expect(slow.latencyMs.mean).toBeCloseTo(100.5, 3);
    for (const [p, value] of [
      [50, slow.latencyMs.p50],
      [95, slow.latencyMs.p95],
      [99, slow.latencyMs.p99],
    ] as const) {
      // Fixed log bins (gamma 1.02) are accurate to 1% relative, across any number of processes.
      expect(Math.abs(value - exact(p)) / exact(p)).toBeLessThanOrEqual(0.01);
    }
    expect(body.functions.find((fn) => fn.name === SLOW_ROUTE)?.count).toBe(200);
    expect(body.routes.find((route) => route.name === FAST_ROUTE)).toMatchObject({ count: 30, coldStarts: 2 });
    expect(body.containers.length).toBeGreaterThanOrEqual(2);
  });

  it('shows its own requests once flushed: the wrapper records every answer', async () => {
    await call(metricsHandler, apiEvent({ role: 'admin' }));
    await flushMetrics();
    const { body } = await call<{ routes: SeriesBody[] }>(metricsHandler, apiEvent({ role: 'admin' }));
    expect(body.routes.find((route) => route.name === 'platform.performanceMetrics')?.count).toBeGreaterThanOrEqual(2);
  });
});

describe('GET /performance/cache and /performance/database', () => {
  it('reports hits and misses per namespace and tier, and the Redis server stats', async () => {
    const { status, body } = await call<{
      namespaces: Array<{ namespace: string; hits: number; misses: number; tiers: Array<{ tier: string }> }>;
      redis: { usedMemoryMb: number };
    }>(cacheHandler, apiEvent({ role: 'admin' }));
    expect(status).toBe(200);
    const traffic = body.namespaces.find((ns) => ns.namespace === LOW_HIT_NAMESPACE);
    expect(traffic).toMatchObject({ hits: 5, misses: 60 });
    expect(traffic?.tiers.map((t) => t.tier).sort()).toEqual(['memory', 'redis']);
    expect(body.redis.usedMemoryMb).toBeGreaterThan(0);
  });

  it('reports the database server figures', async () => {
    const { status, body } = await call<{ server: { connections: number; maxConnections: number } }>(
      databaseHandler,
      apiEvent({ role: 'admin' }),
    );
    expect(status).toBe(200);
    expect(body.server.connections).toBeGreaterThanOrEqual(1);
    expect(body.server.maxConnections).toBeGreaterThan(0);
  });

  it('reports index usage and the slowest statements from pg_stat_statements (preloaded by the local PostgreSQL)', async () => {
    // A statement of this run's own, slow enough to be near the top whatever else ran.
    const { getPool } = await import('@roadcall/utils/db');
    await getPool().query(`SELECT pg_sleep(0.3), '${RUN_ID}' AS marker`);
    const { body } = await call<{
      indexes: Array<{ table: string; index: string; scans: number; partial: boolean; unused: boolean }>;
      slowStatements: { available: boolean; note?: string; statements?: Array<{ query: string; calls: number; meanMs: number }> };
    }>(databaseHandler, apiEvent({ role: 'admin' }));
    expect(body.indexes.find((index) => index.index === 'payments_captured_created_idx')).toMatchObject({
      table: 'payments',
      partial: true,
    });
    expect(body.indexes.find((index) => index.index === 'payments_pkey')).toMatchObject({ unused: false });
    expect(body.slowStatements).toMatchObject({ available: true });
    const mine = body.slowStatements.statements?.find((statement) => statement.query.includes('pg_sleep'));
    expect(mine?.meanMs).toBeGreaterThanOrEqual(300);
  });
});

describe('GET /performance/analyze', () => {
  it('reports the seeded low hit rate and the slow route with evidence and a recommendation, and not the fast route', async () => {
    const { status, body } = await call<Analysis>(analyzeHandler, apiEvent({ role: 'admin' }));
    expect(status).toBe(200);
    const lowHit = body.findings.find((f) => f.kind === 'low-cache-hit-rate' && f.subject === LOW_HIT_NAMESPACE);
    expect(lowHit?.evidence).toMatchObject({ hits: 5, misses: 60, lookups: 65 });
    expect(lowHit?.recommendation).toMatch(/TTL/);
    const slow = body.findings.find((f) => f.kind === 'slow-route' && f.subject === SLOW_ROUTE);
    expect(slow?.evidence).toMatchObject({ requests: 200, targetMs: 150 });
    expect(slow?.recommendation).toMatch(/cache policy/);
    expect(body.findings.some((f) => f.subject === FAST_ROUTE)).toBe(false);
    expect(body.thresholds.responseTimeMs).toBe(150);
  });

  it('reads each contract queue DLQ depth through its redrive policy', async () => {
    const depths = await dlqDepths();
    expect(depths.length).toBeGreaterThan(0);
    for (const dlq of depths) expect(dlq).toEqual({ queue: dlq.queue, depth: expect.any(Number) });
  });
});

describe('POST /performance/cache/clear', () => {
  it('clears by pattern, and rejects a body with several of pattern | namespace | tag', async () => {
    const cache = getCache(LOW_HIT_NAMESPACE);
    const key = cacheKey('perf-clear', RUN_ID);
    await cache.set(key, { v: 1 });
    const cleared = await call(clearHandler, apiEvent({ method: 'POST', role: 'admin', body: { pattern: `*perf-clear*${RUN_ID}*` } }));
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ cleared: { by: 'pattern' } });
    expect(await cache.get(key)).toBeUndefined();
    expect((await call(clearHandler, apiEvent({ method: 'POST', role: 'admin', body: { tag: 'a', namespace: 'products' } }))).status).toBe(
      400,
    );
    expect((await call(clearHandler, apiEvent({ method: 'POST', role: 'admin', body: { namespace: 'no-such-namespace' } }))).status).toBe(
      400,
    );
  });
});

describe('admin only', () => {
  const routes = [
    { name: 'metrics', handler: metricsHandler, method: 'GET' },
    { name: 'cache', handler: cacheHandler, method: 'GET' },
    { name: 'database', handler: databaseHandler, method: 'GET' },
    { name: 'analyze', handler: analyzeHandler, method: 'GET' },
    { name: 'cache/clear', handler: clearHandler, method: 'POST' },
  ];
  it.each(routes)('$name: 403 for a driver and a vendor, 401 without a token', async ({ handler, method }) => {
    const body = method === 'POST' ? { namespace: 'products' } : undefined;
    expect((await call(handler, apiEvent({ method, role: 'driver', body }))).status).toBe(403);
    expect((await call(handler, apiEvent({ method, role: 'vendor', body }))).status).toBe(403);
    expect((await call(handler, apiEvent({ method, body }))).status).toBe(401);
  });
});
