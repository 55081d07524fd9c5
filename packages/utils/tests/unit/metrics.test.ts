import {
  HISTOGRAM_GAMMA,
  Histogram,
  MetricsFlusher,
  MetricsRecorder,
  type MetricsSnapshot,
  type MetricsStore,
  toEmf,
} from '../../src/metrics';
import { EMF_RESERVOIR_SIZE } from '../../src/metrics/constants';

/** Exact nearest-rank percentile, the reference the histogram is checked against. */
function exact(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
const TOLERANCE = (HISTOGRAM_GAMMA - 1) / (HISTOGRAM_GAMMA + 1) + 1e-9;

describe('Histogram', () => {
  it('gives p50/p95/p99 within its stated relative accuracy, and merges by adding bins', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 0.5 + ((i * 7919) % 1000) * 1.37);
    const whole = new Histogram();
    const left = new Histogram();
    const right = new Histogram();
    values.forEach((v, i) => {
      whole.add(v);
      (i % 2 ? left : right).add(v);
    });
    const merged = new Histogram();
    merged.merge(left.entries());
    merged.merge(right.entries());
    for (const p of [50, 95, 99]) {
      const truth = exact(values, p);
      expect(Math.abs((whole.percentile(p) as number) - truth) / truth).toBeLessThanOrEqual(TOLERANCE);
      expect(merged.percentile(p)).toBe(whole.percentile(p));
    }
    expect(new Histogram().percentile(50)).toBeNull();
  });
});

describe('MetricsRecorder', () => {
  it('counts requests, 5xx as errors, 4xx apart, cold starts, and keeps a bounded latency sample', () => {
    const recorder = new MetricsRecorder(() => 0.999);
    for (let i = 0; i < 250; i++)
      recorder.record('route', 'vendors.get', {
        latencyMs: i + 1,
        statusCode: i % 50 === 0 ? 503 : i % 10 === 0 ? 404 : 200,
        cold: i === 0,
      });
    recorder.record('function', 'jobs.processJobs', { latencyMs: 5, error: true });
    const [route, fn] = recorder.drain();
    expect(route).toMatchObject({ kind: 'route', name: 'vendors.get', count: 250, errors: 5, clientErrors: 20, coldStarts: 1 });
    expect(route?.samples).toHaveLength(EMF_RESERVOIR_SIZE);
    expect(route?.bins.reduce((sum, [, n]) => sum + n, 0)).toBe(250);
    expect(fn).toMatchObject({ kind: 'function', count: 1, errors: 1 });
    expect(recorder.empty).toBe(true);
    expect(recorder.drain()).toEqual([]);
  });
});

describe('EMF output (CloudWatch has no local engine: the shape is what is tested)', () => {
  it('emits one valid EMF document per dimension set, with namespace, units and latency samples', () => {
    const at = Date.now();
    const snapshot: MetricsSnapshot = {
      at,
      series: [
        {
          kind: 'route',
          name: 'vendors.get',
          count: 3,
          errors: 1,
          clientErrors: 0,
          coldStarts: 1,
          sumMs: 60,
          bins: [],
          samples: [10, 20, 30],
        },
        {
          kind: 'job',
          name: 'export',
          count: 2,
          errors: 1,
          clientErrors: 0,
          coldStarts: 0,
          sumMs: 9_000,
          bins: [],
          samples: [4_000, 5_000],
        },
      ],
      cache: [{ namespace: 'vendor-profile', tier: 'redis', hits: 7, misses: 3 }],
      poolDeltas: [{ name: 'postgres', waits: 2, waitMs: 40, acquired: 9 }],
      container: {
        id: 'c1',
        functionName: 'fn',
        rssMb: 80,
        heapUsedMb: 30,
        memoryLimitMb: 1024,
        uptimeSeconds: 12,
        cpuPercent: 37.5,
        cpuUserMs: 900,
        cpuSystemMs: 100,
        sseConnections: { 'platform.events': 4 },
        invocations: 3,
        pools: [{ name: 'postgres', total: 2, idle: 1, waiting: 0 }],
        at: 1,
      },
    };
    const docs = toEmf(snapshot, { namespace: 'Roadcall', service: 'vendors' }).map((line) => JSON.parse(line));
    expect(docs).toHaveLength(6);
    const [route, job, cache, pool, container, sse] = docs;
    expect(route._aws.Timestamp).toBe(at);
    expect(route._aws.CloudWatchMetrics[0].Namespace).toBe('Roadcall');
    expect(route._aws.CloudWatchMetrics[0].Dimensions[0]).toEqual(expect.arrayContaining(['service', 'route']));
    expect(route._aws.CloudWatchMetrics[0].Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'Invocations', Unit: 'Count' },
        { Name: 'Errors', Unit: 'Count' },
        { Name: 'ColdStarts', Unit: 'Count' },
        { Name: 'Latency', Unit: 'Milliseconds' },
      ]),
    );
    expect(route).toMatchObject({
      service: 'vendors',
      route: 'vendors.get',
      Invocations: 3,
      Errors: 1,
      ColdStarts: 1,
      Latency: [10, 20, 30],
    });
    expect(cache).toMatchObject({ namespace: 'vendor-profile', tier: 'redis', CacheHits: 7, CacheMisses: 3 });
    expect(pool).toMatchObject({ pool: 'postgres', PoolTotal: 2, PoolWaits: 2 });
    expect(container).toMatchObject({ function: 'fn', MemoryRss: 80, ContainerUptime: 12, CpuUtilization: 37.5 });
    expect(container._aws.CloudWatchMetrics[0].Metrics).toEqual(expect.arrayContaining([{ Name: 'CpuUtilization', Unit: 'Percent' }]));
    // A job type's processing time and failures; the open SSE connections per route.
    expect(job).toMatchObject({ job: 'export', Invocations: 2, Errors: 1, Latency: [4_000, 5_000] });
    expect(sse).toMatchObject({ route: 'platform.events', SseConnections: 4 });
  });
});

describe('MetricsFlusher', () => {
  /** A store that records the pipeline's commands: enough to check what a flush writes. */
  function fakeStore(): MetricsStore & { commands: unknown[][]; execs: number } {
    const commands: unknown[][] = [];
    const store = {
      commands,
      execs: 0,
      pipeline() {
        const op =
          (name: string) =>
          (...args: unknown[]) =>
            commands.push([name, ...args]);
        return {
          hincrby: op('hincrby'),
          hincrbyfloat: op('hincrbyfloat'),
          hset: op('hset'),
          sadd: op('sadd'),
          expire: op('expire'),
          hgetall: op('hgetall'),
          smembers: op('smembers'),
          exec: async () => {
            store.execs += 1;
            return [];
          },
        };
      },
    };
    return store;
  }

  it('turns cumulative cache counters into deltas, writes one pipeline with TTLs, and skips when not due', async () => {
    const store = fakeStore();
    const recorder = new MetricsRecorder();
    let hits = 10;
    const emitted: string[] = [];
    const flusher = new MetricsFlusher({
      recorder,
      store: () => store,
      prefix: () => 'p',
      intervalMs: 60_000,
      emf: (line) => emitted.push(line),
      emfNamespace: 'Roadcall',
      service: 'test',
      sources: { cache: () => [{ namespace: 'ns', tier: 'memory', hits, misses: 2 }] },
      invocations: () => 1,
    });
    recorder.record('route', 'r', { latencyMs: 3, statusCode: 200 });
    flusher.flushIfDue();
    expect(store.execs).toBe(0); // not due: nothing leaves the process on the request path
    await flusher.flush();
    hits = 15;
    await flusher.flush();
    flusher.stop();
    expect(store.execs).toBe(2);
    const cacheHits = store.commands.filter((c) => c[0] === 'hincrby' && String(c[2]).startsWith('cache|ns|memory|hits')).map((c) => c[3]);
    expect(cacheHits).toEqual([10, 5]);
    expect(store.commands.some((c) => c[0] === 'expire' && String(c[1]).endsWith(':counters'))).toBe(true);
    expect(store.commands.filter((c) => c[0] === 'hincrby' && c[2] === 'route|r|count')).toHaveLength(1);
    expect(emitted.length).toBeGreaterThan(0);
  });

  it('drops a failed write instead of retrying or growing memory', async () => {
    const recorder = new MetricsRecorder();
    const flusher = new MetricsFlusher({
      recorder,
      store: () => ({
        pipeline: () => {
          const p = fakeStore().pipeline();
          return { ...p, exec: async () => Promise.reject(new Error('down')) };
        },
      }),
      prefix: () => 'p',
      intervalMs: 1,
      emfNamespace: 'Roadcall',
      service: 'test',
      sources: {},
      invocations: () => 1,
    });
    recorder.record('route', 'r', { latencyMs: 3 });
    await flusher.flush();
    flusher.stop();
    expect(flusher.failedFlushes).toBe(1);
    expect(recorder.empty).toBe(true);
  });
});
