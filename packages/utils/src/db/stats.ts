import { ACQUIRE_SAMPLES } from './constants';

/** Acquire latency over the last {@link ACQUIRE_SAMPLES} checkouts. */
export interface AcquireLatency {
  /** Checkouts since the pool was created. */
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** A snapshot of a pool: sizes now, and counters since it was created. */
export interface PoolStatistics {
  readonly max: number;
  /** Open connections (idle + checked out). */
  readonly total: number;
  readonly idle: number;
  /** Callers waiting for a connection. */
  readonly waiting: number;
  readonly acquire: AcquireLatency;
  /** Checkouts that queued because every connection was busy (cumulative), and their wait summed (ms). */
  readonly waits: number;
  readonly waitMs: number;
  /** Attempts retried after a transient error. */
  readonly retries: number;
  /** Idle connections found stale at checkout (the process was frozen) and discarded unused. */
  readonly discardedStale: number;
  /** Connections destroyed after a connection-level error. */
  readonly destroyed: number;
  readonly transactions: { readonly committed: number; readonly rolledBack: number };
}

/** A fixed-size ring of latency samples. */
export class LatencyRecorder {
  readonly #samples: Float64Array;
  #count = 0;
  #max = 0;

  constructor(size = ACQUIRE_SAMPLES) {
    this.#samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.#samples[this.#count % this.#samples.length] = ms;
    this.#count++;
    if (ms > this.#max) this.#max = ms;
  }

  summary(): AcquireLatency {
    const kept = Math.min(this.#count, this.#samples.length);
    if (kept === 0) return { count: 0, p50Ms: 0, p99Ms: 0, meanMs: 0, maxMs: 0 };
    const sorted = Array.from(this.#samples.subarray(0, kept)).sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.min(kept - 1, Math.ceil(p * kept) - 1)] as number;
    const round = (ms: number): number => Math.round(ms * 1000) / 1000;
    return {
      count: this.#count,
      p50Ms: round(at(0.5)),
      p99Ms: round(at(0.99)),
      meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / kept),
      maxMs: round(this.#max),
    };
  }
}
