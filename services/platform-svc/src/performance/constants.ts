/** Fewer samples than these and a ratio or percentile is noise: analyze stays quiet about it. */
export const MIN_REQUESTS_FOR_LATENCY = 20;
export const MIN_REQUESTS_FOR_RATIOS = 20;
export const MIN_LOOKUPS_FOR_HIT_RATE = 50;
/** Pool checkout p99 (ms) that counts as waiting for connections rather than getting one at once. */
export const POOL_ACQUIRE_P99_WAIT_MS = 25;
/** DLQ depth above which a finding becomes critical (any message at all is a warning). */
export const DLQ_CRITICAL_DEPTH = 10;

/** Statements /performance/database lists, slowest (mean time) first. */
export const SLOW_STATEMENTS_LIMIT = 10;

/** Vendors whose profiles and search cells POST /performance/optimize pre-warms (the busiest by payments). */
export const PREWARM_VENDORS = 20;
