/** DynamoDB's own limit on requests in one BatchWriteItem call. */
export const BATCH_WRITE_MAX_ITEMS = 25;

/** Attempts per batch (the first call plus retries of what comes back unprocessed). */
export const BATCH_WRITE_MAX_ATTEMPTS = 6;

/** Backoff: first retry waits up to this, doubling per attempt, capped below. */
export const BACKOFF_BASE_MS = 50;
export const BACKOFF_CAP_MS = 5_000;
