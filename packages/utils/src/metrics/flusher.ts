import { containerStats } from './container';
import { toEmf } from './emf';
import type { MetricsRecorder } from './recorder';
import { type MetricsStore, writeSnapshot } from './store';
import type { CacheCounters, MetricsSnapshot, MetricsSources, PoolStats } from './types';

export interface FlusherOptions {
  readonly recorder: MetricsRecorder;
  /** Resolves the Redis store lazily; `undefined` when this function has no Redis (EMF only). */
  readonly store: () => MetricsStore | undefined;
  readonly prefix: () => string;
  readonly intervalMs: number;
  /** Where EMF lines go; `undefined` disables EMF (off Lambda by default: no CloudWatch agent reads it). */
  readonly emf?: (line: string) => void;
  readonly emfNamespace: string;
  readonly service: string;
  readonly sources: MetricsSources;
  /** Invocations served by this container so far (for the container row). */
  readonly invocations: () => number;
}

/**
 * Moves the recorder's figures to Redis (aggregation across containers) and to EMF (alarms),
 * never on the request path: `flushIfDue` is a time comparison, and when due it starts a flush
 * without awaiting it. A failed write is dropped, not retried: metrics may lose an interval but
 * never grow memory or slow a request. Cumulative source counters become deltas here.
 */
export class MetricsFlusher {
  readonly #options: FlusherOptions;
  #lastFlush = Date.now();
  #inFlight: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastCache = new Map<string, { hits: number; misses: number }>();
  #lastPools = new Map<string, { waits: number; waitMs: number; acquired: number }>();
  /** Flushes whose Redis write failed (their data is lost). */
  failedFlushes = 0;

  constructor(options: FlusherOptions) {
    this.#options = options;
  }

  /** Called after each recorded request: starts a background flush when the interval has passed. */
  flushIfDue(now = Date.now()): void {
    this.#armTimer();
    if (this.#inFlight || now - this.#lastFlush < this.#options.intervalMs) return;
    void this.flush();
  }

  /** Flushes now (tests, shutdown, the end of a warmer run); resolves when written. */
  flush(): Promise<void> {
    if (this.#inFlight) return this.#inFlight.then(() => this.flush());
    this.#lastFlush = Date.now();
    this.#inFlight = this.#write().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** Stops the idle timer (tests, graceful shutdown). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** A flush also happens while idle (a long-lived process, or a thawed container), unref'd: it never keeps a process alive. */
  #armTimer(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (!this.#options.recorder.empty) void this.flush();
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  async #write(): Promise<void> {
    const snapshot = this.snapshot();
    if (
      snapshot.series.length === 0 &&
      snapshot.cache.length === 0 &&
      snapshot.poolDeltas.length === 0 &&
      this.#options.invocations() === 0
    )
      return;
    if (this.#options.emf) {
      try {
        for (const line of toEmf(snapshot, { namespace: this.#options.emfNamespace, service: this.#options.service }))
          this.#options.emf(line);
      } catch {
        // A metric Powertools rejects (a name too long) must not cost the Redis write.
      }
    }
    let store: MetricsStore | undefined;
    try {
      store = this.#options.store();
    } catch {
      store = undefined;
    }
    if (!store) return;
    try {
      await writeSnapshot(store, this.#options.prefix(), snapshot);
    } catch {
      this.failedFlushes += 1;
    }
  }

  /** Drains the recorder and reads the sources: what one flush writes. */
  snapshot(at = Date.now()): MetricsSnapshot {
    const series = this.#options.recorder.drain();
    const cache = this.#cacheDeltas(safe(this.#options.sources.cache));
    const pools = safe(this.#options.sources.pools);
    const poolDeltas = pools.map((pool) => {
      const before = this.#lastPools.get(pool.name) ?? { waits: 0, waitMs: 0, acquired: 0 };
      const now = { waits: pool.waits ?? 0, waitMs: pool.waitMs ?? 0, acquired: pool.acquired ?? 0 };
      this.#lastPools.set(pool.name, now);
      // A counter that went backwards was reset (a new pool): count from zero.
      const delta = (a: number, b: number): number => (a >= b ? a - b : a);
      return {
        name: pool.name,
        waits: delta(now.waits, before.waits),
        waitMs: delta(now.waitMs, before.waitMs),
        acquired: delta(now.acquired, before.acquired),
      };
    });
    return { at, series, cache, poolDeltas, container: containerStats(this.#options.invocations(), pools, at) };
  }

  #cacheDeltas(current: ReadonlyArray<CacheCounters>): CacheCounters[] {
    const deltas: CacheCounters[] = [];
    for (const entry of current) {
      const key = `${entry.namespace}|${entry.tier}`;
      const before = this.#lastCache.get(key) ?? { hits: 0, misses: 0 };
      this.#lastCache.set(key, { hits: entry.hits, misses: entry.misses });
      const hits = entry.hits >= before.hits ? entry.hits - before.hits : entry.hits;
      const misses = entry.misses >= before.misses ? entry.misses - before.misses : entry.misses;
      if (hits || misses) deltas.push({ namespace: entry.namespace, tier: entry.tier, hits, misses });
    }
    return deltas;
  }
}

function safe<T>(source: (() => ReadonlyArray<T>) | undefined): ReadonlyArray<T> {
  try {
    return source?.() ?? [];
  } catch {
    return [];
  }
}

export type { PoolStats };
