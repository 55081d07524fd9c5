/** Named limits of the payments service. */

/**
 * Largest single payment: 50,000.00 in the currency's minor unit. A roadside job (a long tow, a
 * winch-out) costs hundreds, rarely thousands: anything above is a typo or an attack on revenue
 * analytics.
 */
export const MAX_AMOUNT_CENTS = 5_000_000;

/** Incident statuses a payment may be recorded for: the service was delivered. */
export const PAYABLE_STATUSES: ReadonlyArray<string> = ['completed'];

/** Idempotency-Key: 1-255 visible ASCII characters (a UUID is typical). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Incident and vendor references: the id formats of the incidents and vendors services
 * (`vendor-<uuid>`, `vendor-000000`, incident ids of the same alphabet). Existence, ownership and
 * state are checked through the incidents service's port (`@roadcall/incidents-svc/facts`).
 */
export const REFERENCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const MAX_DESCRIPTION_LENGTH = 500;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Longest range GET /analytics/revenue answers per granularity (rows stay small and cacheable). */
export const MAX_RANGE_DAYS = { day: 366, hour: 31 } as const;

export const DEFAULT_TOP_VENDORS = 10;
export const MAX_TOP_VENDORS = 100;
export const DEFAULT_CURRENCY = 'USD';

/** Statement timeout of the scheduled refresh (it rebuilds three views over the whole table). */
export const REFRESH_STATEMENT_TIMEOUT_MS = 110_000;

/**
 * How long the deploy-time migration keeps retrying an unreachable database: on a first deploy
 * RDS Proxy registers its target for a minute or two after it exists. Well inside the trigger
 * function's 300 s timeout (contracts: DEPLOY_TRIGGERS), so a dead database still fails the deploy.
 */
export const MIGRATE_RETRY_POLICY = { budgetMs: 180_000, baseMs: 500, capMs: 15_000 } as const;

/**
 * A table's statistics count as stale (daily ANALYZE, POST /performance/optimize) once this many
 * rows changed since its last analyze, and at least this fraction of its live rows: a tenth, as
 * autovacuum's default scale factor, but without autovacuum's wait.
 */
export const ANALYZE_MIN_MODIFIED_ROWS = 50;
export const ANALYZE_MODIFIED_FRACTION = 0.1;
