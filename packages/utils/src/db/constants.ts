/**
 * Named limits of the PostgreSQL pool. Every figure here is a default that env or options can
 * override; each says why it has the value it has.
 */

/** Max connections per Lambda container: one request at a time runs there, +1 for a health probe or a refresh. */
export const LAMBDA_POOL_MAX = 2;

/** Max connections of a long-lived process (the local API, a container, a benchmark). */
export const PROCESS_POOL_MAX = 10;

/**
 * An idle connection is closed after this long in Lambda. Far shorter than a frozen container's
 * life (minutes to hours) and than RDS Proxy's idle client timeout, so a thawed container never
 * trusts a socket the other side may have dropped (see {@link STALE_IDLE_SLACK_MS}).
 */
export const LAMBDA_IDLE_TIMEOUT_MS = 10_000;

/** Idle timeout of a long-lived process's connections. */
export const PROCESS_IDLE_TIMEOUT_MS = 30_000;

/**
 * A client that sat idle this much longer than the idle timeout must have been frozen (its idle
 * timer could not fire): it is discarded at checkout instead of being used.
 */
export const STALE_IDLE_SLACK_MS = 1_000;

/** Connections are recycled after this long, so credential rotation and failovers reach every socket. */
export const MAX_CONNECTION_LIFETIME_SECONDS = 15 * 60;

/** Opening a connection (TCP + TLS + auth) may take this long before it counts as a failure. */
export const CONNECT_TIMEOUT_MS = 2_000;

/** A statement may run this long (server-side statement_timeout; client-side query_timeout a bit later). */
export const STATEMENT_TIMEOUT_MS = 5_000;

/** The client gives up on a statement this long after the server should have cancelled it. */
export const QUERY_TIMEOUT_GRACE_MS = 1_000;

/** A transaction left idle this long is rolled back by the server (a crashed or frozen holder). */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * Server-side idle session timeout (direct connections only): a frozen or vanished process's
 * sessions are closed by the server itself, so they never pile up in pg_stat_activity.
 */
export const IDLE_SESSION_TIMEOUT_MS = 60_000;

/** Total time one operation may spend retrying transient errors before it fails with a 503. */
export const RETRY_BUDGET_MS = 2_500;

/** First backoff of the decorrelated-jitter sequence. */
export const RETRY_BASE_MS = 25;

/** Largest single backoff. */
export const RETRY_CAP_MS = 1_000;

/** Retry-After (seconds) of the 503 an exhausted retry budget becomes. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** Acquire-latency samples kept for statistics (a ring buffer). */
export const ACQUIRE_SAMPLES = 1_024;

/** Credentials from Secrets Manager are reused this long (rotation is picked up after it, or on an auth failure). */
export const SECRET_CACHE_TTL_MS = 5 * 60_000;

/** Database name in AWS when DATABASE_NAME is unset. */
export const DEFAULT_DATABASE_NAME = 'roadcall';

/** PostgreSQL port behind RDS Proxy when the secret names none. */
export const DEFAULT_PORT = 5432;

/**
 * SQLSTATEs worth retrying: the server went away or is starting (57P01-03), too many
 * connections (53300), connection exceptions (08xxx), serialization failure (40001) and
 * deadlock (40P01): each means the statement did not take effect.
 */
export const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '40001',
  '40P01',
]);

/** SQLSTATEs a whole transaction is retried for (the server rolled it back). */
export const SERIALIZATION_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

/** Socket-level errors of a dead or unreachable server (Node's `code`). */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** node-postgres reports some connection failures only by message. */
export const TRANSIENT_MESSAGES: ReadonlyArray<RegExp> = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection closed/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];
