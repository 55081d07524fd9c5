/**
 * What a series measures: an API route (by route id), a Lambda function (by function id), or an
 * async job type (its processing time, claim to finish; a failed job counts as an error).
 */
export type SeriesKind = 'route' | 'function' | 'job';

/** One finished invocation, as the handler wrapper (or another wrapper) reports it. */
export interface InvocationSample {
  readonly latencyMs: number;
  /** HTTP status of a route's answer; leave unset for non-HTTP functions. */
  readonly statusCode?: number;
  /** A failed invocation (5xx, or a thrown error in a non-HTTP function). Derived from statusCode when unset. */
  readonly error?: boolean;
  /** The container's first invocation. */
  readonly cold?: boolean;
}

/** Cumulative cache counters of one namespace and tier (the cache's own metrics snapshot). */
export interface CacheCounters {
  readonly namespace: string;
  readonly tier: string;
  readonly hits: number;
  readonly misses: number;
}

/** A connection pool's state: gauges now, counters cumulative since the pool was created. */
export interface PoolStats {
  readonly name: string;
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max?: number;
  /** Acquisitions that had to wait for a free connection (cumulative). */
  readonly waits?: number;
  /** Milliseconds spent waiting, summed (cumulative). */
  readonly waitMs?: number;
  /** Connection acquisitions (cumulative). */
  readonly acquired?: number;
  /** Checkout latency over the pool's recent acquisitions. */
  readonly acquireMeanMs?: number;
  readonly acquireP99Ms?: number;
}

/** Where counters and gauges owned by other concerns come from at flush time. */
export interface MetricsSources {
  cache?: () => ReadonlyArray<CacheCounters>;
  pools?: () => ReadonlyArray<PoolStats>;
}

/** One series' figures between two flushes. */
export interface SeriesDelta {
  readonly kind: SeriesKind;
  readonly name: string;
  readonly count: number;
  readonly errors: number;
  readonly clientErrors: number;
  readonly coldStarts: number;
  readonly sumMs: number;
  /** Histogram bins: index -> count. */
  readonly bins: ReadonlyArray<readonly [number, number]>;
  /** Up to EMF_RESERVOIR_SIZE raw latencies (a uniform sample), for CloudWatch EMF. */
  readonly samples: ReadonlyArray<number>;
}

/** This container's memory and uptime. */
export interface ContainerStats {
  readonly id: string;
  readonly functionName: string;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  /** Memory available to the function (Lambda's setting, else V8's heap limit). */
  readonly memoryLimitMb: number;
  readonly uptimeSeconds: number;
  /**
   * CPU used by this process (user + system, `process.cpuUsage()`) over the wall time since the
   * previous reading, in percent of one core (a busy container on 2 vCPUs can show up to 200).
   */
  readonly cpuPercent: number;
  /** CPU time used since the process started, ms. */
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** SSE connections open in this container now, per route. */
  readonly sseConnections: Readonly<Record<string, number>>;
  readonly invocations: number;
  readonly pools: ReadonlyArray<PoolStats>;
  readonly at: number;
}

/** Everything one flush writes: deltas since the previous flush plus the container's gauges. */
export interface MetricsSnapshot {
  readonly at: number;
  readonly series: ReadonlyArray<SeriesDelta>;
  /** Cache hits/misses since the previous flush. */
  readonly cache: ReadonlyArray<CacheCounters>;
  /** Pool waits since the previous flush, per pool. */
  readonly poolDeltas: ReadonlyArray<{ readonly name: string; readonly waits: number; readonly waitMs: number; readonly acquired: number }>;
  readonly container: ContainerStats;
}
