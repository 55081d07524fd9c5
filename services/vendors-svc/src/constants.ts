/** Service types a vendor can offer; each has its own availability set in the geo index. */
export const VENDOR_SERVICE_TYPES = ['towing', 'jumpstart', 'tire', 'lockout', 'fuel', 'winch'] as const;
export type VendorServiceType = (typeof VENDOR_SERVICE_TYPES)[number];

/** Search defaults when the query omits them. */
export const DEFAULT_SEARCH_RADIUS_KM = 25;
export const DEFAULT_SEARCH_LIMIT = 20;

/**
 * Search results are cached per point of a 0.01° grid (~1.1 km): searches from nearby points share
 * one entry. The entry is computed from the grid point with the radius widened by the grid's
 * half-diagonal, then each request recomputes exact distances from its own point and drops what
 * lies beyond its radius.
 */
export const SEARCH_CACHE_GRID_DEG = 0.01;
export const SEARCH_CACHE_GRID_SLACK_KM = 0.8;

/** Geo index key prefix (under the stage): `rc:<stage>:vendors:geo`. */
export const GEO_INDEX_NAME = 'vendors:geo';

/** Cache tag of every search entry that read a geo cell: a vendor change in that cell purges them. */
export const cellTag = (cellId: string): string => `vendors:cell:${cellId}`;

/** Vendor ids: `vendor-` and six digits for seeded vendors, any safe id for created ones. */
export const VENDOR_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Items per DynamoDB BatchWriteItem call (the service's limit). */
export const BATCH_WRITE_SIZE = 25;

/**
 * DAX client settings (lib-dax defaults are 60 s per request and 10 s per connect, far past an
 * API request's budget: API Gateway gives up at 29 s). The same bounds as the SDK's DynamoDB
 * handler (`@roadcall/utils/aws`): 2 s to connect, 5 s per request.
 */
export const DAX_CONNECT_TIMEOUT_MS = 2_000;
export const DAX_REQUEST_TIMEOUT_MS = 5_000;

/**
 * Redis is derived state (docs/vendors.md, "When Redis is lost"). How often a container re-reads
 * the index's state marker (one HGETALL; between checks the last answer stands).
 */
export const INDEX_STATE_CHECK_MS = 1_000;
/** A search on the index that takes longer than this is answered from the table instead. */
export const INDEX_SEARCH_TIMEOUT_MS = 500;
/** An index write (after the table write) that takes longer is left to the reconcile. */
export const INDEX_WRITE_TIMEOUT_MS = 1_000;
/**
 * The state check of a client still making its first connection (a cold container: connect, TLS,
 * AUTH token from Secrets Manager) may take this long before the table answers instead.
 */
export const INDEX_CONNECT_TIMEOUT_MS = 3_000;
/** The cross-container rebuild lock: held this long, extended after every loaded page. */
export const INDEX_REBUILD_LOCK_MS = 30_000;
/** Vendors read per page by a rebuild or a reconcile. */
export const INDEX_SCAN_PAGE = 500;

/**
 * Incidents a vendor may hold at once unless its item says otherwise (`capacity`): one tow truck,
 * one job. The claim is a conditional write on the vendor's item, so it holds under any concurrency.
 */
export const DEFAULT_VENDOR_CAPACITY = 1;
/** Vendor ids one capacity read (`holders`) may ask about: BatchGetItem's limit. */
export const MAX_CAPACITY_READ_IDS = 100;
/** Vendors one bulk-change chunk may name (one invocation of `vendors.applyChanges`). */
export const MAX_CHANGE_CHUNK = 100;
/** Vendors of a chunk changed at once (each: a table write, an index write, cache purges). */
export const CHANGE_CONCURRENCY = 8;
