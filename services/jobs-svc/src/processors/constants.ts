/** Items read (and checked for cancellation) per chunk. One DynamoDB page is at most 1 MB anyway. */
export const DEFAULT_CHUNK_SIZE = 1_000;

/** Vendor ids a bulk operation may name explicitly (more: use a filter-less run over all vendors). */
export const MAX_BULK_IDS = 10_000;

/**
 * Vendors per chunk of a bulk change: one invocation of `vendors.applyChanges` (its limit), then a
 * progress write and the cancel check.
 */
export const BULK_CHUNK_SIZE = 100;

/**
 * Segments of the parallel Scan a whole-table export reads one after the other: its progress
 * counts finished segments when the table's size is unknown (DynamoDB's ItemCount is refreshed
 * about every 6 hours, so a fresh table says 0; dynalite always does). 20 = steps of 5 %, and
 * only 20 extra requests for an empty table.
 */
export const EXPORT_SCAN_SEGMENTS = 20;
