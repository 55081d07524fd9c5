import { CACHE_TIMINGS } from '@roadcall/contracts';

/** Named limits of the cache engine. Timings come from the contracts (the one place TTLs live). */

/** Default L1 max entries per namespace when CACHE_MAX_SIZE is unset. */
export const DEFAULT_L1_MAX_ENTRIES = 1_000;
/** Default L1 max approximate bytes per namespace when CACHE_MAX_BYTES is unset (8 MiB). */
export const DEFAULT_L1_MAX_BYTES = 8 * 1024 * 1024;
export const L1_MAX_TTL_MS = CACHE_TIMINGS.l1MaxTtlSeconds * 1000;
export const DEFAULT_NEGATIVE_TTL_SECONDS = CACHE_TIMINGS.negativeTtlSeconds;
export const DEFAULT_L2_TIMEOUT_MS = CACHE_TIMINGS.l2TimeoutMs;
export const DEFAULT_LOCK_TTL_MS = CACHE_TIMINGS.lockTtlMs;
export const DEFAULT_LOCK_WAIT_MS = CACHE_TIMINGS.lockWaitMs;
export const BREAKER_FAILURE_THRESHOLD = CACHE_TIMINGS.breakerFailureThreshold;
export const BREAKER_RESET_MS = CACHE_TIMINGS.breakerResetMs;
/** SCAN page size for pattern and namespace invalidation (never KEYS). */
export const SCAN_COUNT = 500;
/** Keys deleted per UNLINK / DynamoDB batch. */
export const DELETE_BATCH = 500;
export const DYNAMO_BATCH_WRITE = 25;
/** Redis pub/sub channel suffix for cross-container L1 invalidation. */
export const INVALIDATION_CHANNEL = 'cache:invalidate';
/** An entry with no expiry (namespace TTL `null`). */
export const NEVER = Number.POSITIVE_INFINITY;
