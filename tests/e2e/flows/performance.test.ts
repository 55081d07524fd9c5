import { ApiClient, type E2eStack, type ErrorBody, e2eStack, newVendor, remoteSpot, show, type TestVendor, waitFor } from '../support';

/**
 * The admin performance routes, black-box: traffic this test makes shows up in the metrics (which
 * containers flush to Redis every few seconds), the cache report and the analyzer; the database
 * report shows the server; a pattern clear drops exactly what it matches; drivers get 403.
 */
let stack: E2eStack;
let api: ApiClient;
let vendor: TestVendor;

/** The metrics flush runs every METRICS_FLUSH_INTERVAL_MS (10 s by default) in every container. */
const FLUSH_BOUND_MS = 40_000;

interface RouteStats {
  readonly name: string;
  readonly count: number;
  readonly latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}
interface Finding {
  readonly kind: string;
  readonly severity: string;
  readonly subject: string;
  readonly evidence: Record<string, unknown>;
}

beforeAll(async () => {
  stack = e2eStack();
  api = new ApiClient(stack);
  vendor = await newVendor(api, stack, remoteSpot(), 'performance-flow');
});

describe('performance routes', () => {
  it('are for admins: 403 for a driver, 401 without a token', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/performance/metrics'],
      ['GET', '/performance/cache'],
      ['GET', '/performance/database'],
      ['GET', '/performance/analyze'],
      ['POST', '/performance/cache/clear'],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? { namespace: 'vendor-profile' } : undefined;
      const asDriver = await api.request<ErrorBody>(method, path, { as: 'driver', body });
      expect(`${method} ${path} ${asDriver.status} ${asDriver.body.error?.code}`).toBe(`${method} ${path} 403 FORBIDDEN`);
      const anonymous = await api.request<ErrorBody>(method, path, { body });
      expect(`${method} ${path} ${anonymous.status}`).toBe(`${method} ${path} 401`);
    }
    const badWindow = await api.get<ErrorBody>('/performance/metrics', { as: 'admin', query: { minutes: 0 } });
    expect(badWindow.status).toBe(400);
  });

  it('clears the cache by pattern: the cached profile is dropped and the next read is a MISS', async () => {
    const path = `/vendors/${vendor.vendorId}`;
    expect((await api.get(path, { as: 'driver' })).headers.get('x-cache')).toBe('MISS');
    expect((await api.get(path, { as: 'driver' })).headers.get('x-cache')).toMatch(/^HIT/);

    // A cold container answers its first reads while its Redis connection (TLS, AUTH from Secrets
    // Manager) is still being made, and skips the Redis write then: read and clear until the clear
    // finds the entry in Redis (bounded), which it must once the container is connected.
    const clear = () =>
      api.post<{ cleared: { by: string; value: string }; removed: number }>('/performance/cache/clear', {
        as: 'admin',
        body: { pattern: `*${vendor.vendorId}*` },
      });
    const cleared = await waitFor(
      async () => {
        await api.get(path, { as: 'driver' });
        const answer = await clear();
        expect(answer.status).toBe(200);
        return answer.body.removed >= 1 ? answer : undefined;
      },
      { what: 'a pattern clear that removes the cached profile from Redis', timeoutMs: 30_000 },
    );
    expect(cleared.body.cleared).toEqual({ by: 'pattern', value: `*${vendor.vendorId}*` });
    // Every container drops its L1 copy on the invalidation message (pub/sub): bounded wait.
    await waitFor(async () => ((await api.get(path, { as: 'driver' })).headers.get('x-cache') === 'MISS' ? true : undefined), {
      what: 'a MISS after the clear',
      timeoutMs: 15_000,
    });

    // Clearing every namespace takes an explicit { "all": true } (tested in platform-svc's
    // integration suite, not here, where other flows of the stack run beside this one): no body clears nothing.
    const empty = await api.post<ErrorBody>('/performance/cache/clear', { as: 'admin' });
    expect(`${empty.status} ${empty.body.error?.code}`).toBe('400 VALIDATION_FAILED');
    const unknown = await api.post<ErrorBody>('/performance/cache/clear', { as: 'admin', body: { namespace: 'no-such-namespace' } });
    expect(unknown.status).toBe(400);
  });

  it('reports the traffic: route metrics, cache misses, and a low hit rate finding from the analyzer', async () => {
    // 60 searches at distinct ~1 km grid points: 60 vendor-search misses, far above the analyzer's minimum sample.
    const origin = remoteSpot();
    for (let i = 0; i < 60; i += 1) {
      const page = await api.get('/vendors/search', {
        as: 'driver',
        query: { lat: origin.lat + i * 0.02, lon: origin.lon, radiusKm: 1 },
      });
      expect(page.status).toBe(200);
    }

    let seen = '';
    const search = await waitFor(
      async () => {
        const metrics = await api.get<{ routes: RouteStats[] }>('/performance/metrics', { as: 'admin', query: { minutes: 15 } });
        seen = show(metrics);
        const route = metrics.body.routes?.find((entry) => entry.name === 'vendors.search');
        return route && route.count >= 60 ? route : undefined;
      },
      { what: 'vendors.search with >= 60 requests in /performance/metrics', timeoutMs: FLUSH_BOUND_MS, intervalMs: 1_000 },
      () => seen.slice(0, 2_000),
    );
    expect(search.latencyMs.p95).toBeGreaterThan(0);
    expect(search.latencyMs.p50 as number).toBeLessThanOrEqual(search.latencyMs.p99 as number);

    const cache = await waitFor(
      async () => {
        const report = await api.get<{ namespaces: Array<{ namespace: string; misses: number }>; redis: { connectedClients: number } }>(
          '/performance/cache',
          { as: 'admin' },
        );
        seen = show(report);
        const ns = report.body.namespaces?.find((entry) => entry.namespace === 'vendor-search');
        return ns && ns.misses >= 60 ? report.body : undefined;
      },
      { what: 'vendor-search with >= 60 misses in /performance/cache', timeoutMs: FLUSH_BOUND_MS, intervalMs: 1_000 },
      () => seen.slice(0, 2_000),
    );
    expect(cache.redis.connectedClients).toBeGreaterThan(0);

    const finding = await waitFor(
      async () => {
        const analysis = await api.get<{ findings: Finding[]; summary: Record<string, number> }>('/performance/analyze', { as: 'admin' });
        seen = show(analysis);
        return analysis.body.findings?.find((entry) => entry.kind === 'low-cache-hit-rate' && entry.subject === 'vendor-search');
      },
      { what: 'a low-cache-hit-rate finding for vendor-search', timeoutMs: FLUSH_BOUND_MS, intervalMs: 1_000 },
      () => seen.slice(0, 2_000),
    );
    expect(finding.evidence.lookups as number).toBeGreaterThanOrEqual(50);
    expect(finding.evidence.hitRate as number).toBeLessThan(0.5);
  });

  it('reports the database server and the connection pools', async () => {
    const report = await api.get<{ server: { connections: number; maxConnections: number }; pools: unknown[] }>('/performance/database', {
      as: 'admin',
    });
    expect(report.status).toBe(200);
    expect(report.body.server.maxConnections).toBeGreaterThan(0);
    expect(report.body.server.connections).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(report.body.pools)).toBe(true);
  });
});
