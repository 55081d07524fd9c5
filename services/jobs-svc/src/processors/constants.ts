/** Items read (and checked for cancellation) per chunk. One DynamoDB page is at most 1 MB anyway. */
export const DEFAULT_CHUNK_SIZE = 1_000;

/** Vendor ids a bulk operation may name explicitly (more: use a filter-less run over all vendors). */
export const MAX_BULK_IDS = 10_000;

/** BatchGetItem's limit. */
export const BATCH_GET_MAX_KEYS = 100;
