/**
 * Named limits of the metrics concern. Thresholds that decide findings are configuration (env
 * vars in the contracts), not here; these shape storage and accuracy.
 */

/**
 * Latency histogram growth factor: bin `i` holds (GAMMA^(i-1), GAMMA^i] ms, so a percentile read
 * from merged bins is within (GAMMA-1)/(GAMMA+1) ~ 1% of the exact value, whatever the process
 * count. Fixed bins are what make per-process histograms mergeable by plain addition.
 */
export const HISTOGRAM_GAMMA = 1.02;
/** Latencies below this (ms) share the lowest bin. */
export const HISTOGRAM_MIN_MS = 0.01;
/** Latencies above this (ms) share the highest bin (well past any Lambda timeout). */
export const HISTOGRAM_MAX_MS = 900_000;

/** Width of an aggregation bucket in Redis. */
export const BUCKET_MS = 60_000;
/** Buckets expire after this: the API reads at most {@link MAX_WINDOW_MINUTES} back. */
export const BUCKET_TTL_SECONDS = 2 * 60 * 60;
/**
 * Each minute's keys are split over this many shards, a container writing to the shard of its id
 * (hash tag `{m<shard>}`): in Redis Cluster every container's flush is still one pipeline to one
 * slot, and the containers' flushes spread over up to this many slots (so over every master)
 * instead of all hitting one hot counters hash. A reader reads every shard (one pipeline each).
 */
export const METRICS_SHARDS = 8;
/** Widest window the API aggregates. */
export const MAX_WINDOW_MINUTES = 60;
export const DEFAULT_WINDOW_MINUTES = 15;

/** Raw latency samples kept per series between flushes for CloudWatch EMF (EMF's per-metric value cap). */
export const EMF_RESERVOIR_SIZE = 100;
/** Distinct series (routes + functions) one container tracks; more are counted under `(other)`. */
export const MAX_SERIES = 500;

export const DEFAULT_FLUSH_INTERVAL_MS = 10_000;
export const DEFAULT_KEY_PREFIX = 'roadcall:metrics';
export const DEFAULT_EMF_NAMESPACE = 'Roadcall';
