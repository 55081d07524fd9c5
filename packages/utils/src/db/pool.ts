import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { clientSettings, type DatabaseConfig } from './config';
import { STALE_IDLE_SLACK_MS } from './constants';
import { pgModule } from './driver';
import { DatabaseUnavailableError, TransactionConflictError } from './errors';
import { isConnectionError, isSerializationFailure, isTransientError, RetryBudgetExhausted, retryTransient } from './retry';
import { LatencyRecorder, type PoolStatistics } from './stats';

/** The one thing most code needs from a database: run a parameterised statement. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: ReadonlyArray<unknown>): Promise<QueryResult<Row>>;
}

/** Options of {@link DatabasePool.query}. */
export interface QueryOptions {
  /**
   * Retry transient errors within the budget (default true). A connection that dies after the
   * statement was sent leaves its outcome unknown, so a retried write must be idempotent (a
   * unique key, ON CONFLICT): turn this off for a write that is not.
   */
  readonly retry?: boolean;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/** Options of {@link DatabasePool.transaction}. */
export interface TransactionOptions {
  readonly isolation?: IsolationLevel;
  readonly readOnly?: boolean;
  /** SET LOCAL statement_timeout for this transaction only (long refreshes, reports). */
  readonly statementTimeoutMs?: number;
  /** Re-run the whole transaction after serialization failures, deadlocks and lost connections (default true). */
  readonly retry?: boolean;
}

/** Result of {@link DatabasePool.healthCheck}. */
export interface DatabaseHealth {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
  readonly stats: PoolStatistics;
}

const ISOLATION_SQL: Record<IsolationLevel, string> = {
  'read committed': 'READ COMMITTED',
  'repeatable read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
};

/** 28P01 invalid_password, 28000 invalid_authorization_specification: the secret may have rotated. */
const AUTH_FAILURE = new Set(['28P01', '28000']);
/** 57014 query_canceled: the statement timeout fired. */
const STATEMENT_TIMEOUT = '57014';

/**
 * The Lambda-aware PostgreSQL pool: one per container, small, self-healing.
 *
 * - Size from config (2 in Lambda, 10 in a long-lived process); idle connections close after a
 *   timeout shorter than a frozen container's life; connections recycle after a max lifetime.
 * - A connection that sat idle longer than the idle timeout allows (its timer could not fire:
 *   the container was frozen) is discarded at checkout, never used: no query ever meets a socket
 *   the server or RDS Proxy already closed.
 * - Transient errors (connection reset/refused, 57P01, 53300, 08xxx, 40001, 40P01) are retried with
 *   decorrelated-jitter backoff inside a bounded budget; then a {@link DatabaseUnavailableError}
 *   (503 + Retry-After).
 * - `transaction(fn)`: BEGIN/COMMIT, ROLLBACK on any error, the whole function re-run after
 *   serialization failures and deadlocks.
 *
 * @example
 * const pool = new DatabasePool(databaseConfigFromEnv());
 * const { rows } = await pool.query<{ id: string }>('SELECT id FROM payments WHERE user_id = $1', [userId]);
 * await pool.transaction(async (tx) => {
 *   await tx.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
 *   await tx.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
 * }, { isolation: 'serializable' });
 */
export class DatabasePool implements Queryable {
  readonly #config: DatabaseConfig;
  #pool: Promise<Pool> | undefined;
  #closed = false;
  readonly #releasedAt = new WeakMap<PoolClient, number>();
  readonly #guarded = new WeakSet<PoolClient>();
  readonly #acquire = new LatencyRecorder();
  #waits = 0;
  #waitMs = 0;
  #retries = 0;
  #discardedStale = 0;
  #destroyed = 0;
  #committed = 0;
  #rolledBack = 0;
  #last: Pool | undefined;

  constructor(config: DatabaseConfig) {
    this.#config = config;
  }

  /** The configuration this pool runs with (sizes, timeouts). */
  get config(): DatabaseConfig {
    return this.#config;
  }

  /** Runs one statement on a pooled connection, retrying transient errors (see {@link QueryOptions}). */
  async query<Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: ReadonlyArray<unknown>,
    options: QueryOptions = {},
  ): Promise<QueryResult<Row>> {
    return this.#run(async () => {
      const client = await this.#checkout();
      try {
        const result = await client.query<Row>(text, values as unknown[] | undefined);
        this.#checkin(client);
        return result;
      } catch (error) {
        this.#checkin(client, error);
        throw error;
      }
    }, options.retry ?? true);
  }

  /**
   * Runs `fn` in a transaction and returns its value: COMMIT when it resolves, ROLLBACK when it
   * throws (the error is rethrown). After a serialization failure, deadlock or lost connection the
   * whole function runs again (within the retry budget), so it must only touch the database
   * through `tx` and be safe to repeat.
   */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const begin = `BEGIN ISOLATION LEVEL ${ISOLATION_SQL[options.isolation ?? 'read committed']}${options.readOnly ? ' READ ONLY' : ''}`;
    return this.#run(async () => {
      const client = await this.#checkout();
      const tx: Queryable = { query: (text, values) => client.query(text, values as unknown[] | undefined) };
      try {
        await client.query(begin);
        if (options.statementTimeoutMs !== undefined) {
          await client.query(`SET LOCAL statement_timeout = ${Math.max(0, Math.trunc(options.statementTimeoutMs))}`);
        }
        const value = await fn(tx);
        await client.query('COMMIT');
        this.#committed++;
        this.#checkin(client);
        return value;
      } catch (error) {
        this.#rolledBack++;
        if (!isConnectionError(error)) {
          // A failed ROLLBACK means the connection is unusable: destroy it rather than reuse it.
          const rollbackError = await client.query('ROLLBACK').then(
            () => undefined,
            (rollback: unknown) => rollback,
          );
          this.#checkin(client, rollbackError);
        } else {
          this.#checkin(client, error);
        }
        throw error;
      }
    }, options.retry ?? true);
  }

  /** `SELECT 1` without retries, for health endpoints: reports, never throws. */
  async healthCheck(): Promise<DatabaseHealth> {
    const started = performance.now();
    try {
      await this.query('SELECT 1', undefined, { retry: false });
      return { status: 'up', latencyMs: round(performance.now() - started), stats: this.stats() };
    } catch (error) {
      return { status: 'down', latencyMs: round(performance.now() - started), error: (error as Error).message, stats: this.stats() };
    }
  }

  /** Sizes now (total, idle, waiting), acquire latency, retries and discards since creation. */
  stats(): PoolStatistics {
    const pool = this.#last;
    return {
      max: this.#config.max,
      total: pool?.totalCount ?? 0,
      idle: pool?.idleCount ?? 0,
      waiting: pool?.waitingCount ?? 0,
      acquire: this.#acquire.summary(),
      waits: this.#waits,
      waitMs: Math.round(this.#waitMs),
      retries: this.#retries,
      discardedStale: this.#discardedStale,
      destroyed: this.#destroyed,
      transactions: { committed: this.#committed, rolledBack: this.#rolledBack },
    };
  }

  /** Graceful shutdown: stops new checkouts, waits for checked-out connections, closes every socket. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#pool;
    this.#pool = undefined;
    const pool = await pending?.catch(() => undefined);
    if (pool && !pool.ended) await pool.end();
  }

  async #run<T>(operation: () => Promise<T>, retry: boolean): Promise<T> {
    try {
      const { value } = await retryTransient(operation, {
        policy: this.#config.retry,
        shouldRetry: (error) => retry && isTransientError(error),
        onRetry: () => {
          this.#retries++;
        },
      });
      return value;
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #translate(error: unknown): unknown {
    const last = error instanceof RetryBudgetExhausted ? error.cause : error;
    if (isSerializationFailure(last)) {
      return new TransactionConflictError('The transaction kept conflicting with concurrent ones; retry the request', { cause: last });
    }
    if (isTransientError(last) || error instanceof RetryBudgetExhausted) {
      return new DatabaseUnavailableError('PostgreSQL is unavailable; retry shortly', { cause: last });
    }
    const code = (last as { code?: string } | undefined)?.code;
    if (code === STATEMENT_TIMEOUT || /Query read timeout/i.test((last as Error)?.message ?? '')) {
      return new DatabaseUnavailableError('PostgreSQL did not answer in time; retry shortly', { cause: last });
    }
    if (code !== undefined && AUTH_FAILURE.has(code)) {
      this.#config.invalidateCredentials?.();
      return new DatabaseUnavailableError('PostgreSQL rejected the credentials; retry shortly', { cause: last });
    }
    return error;
  }

  async #checkout(): Promise<PoolClient> {
    const pool = await this.#ensurePool();
    const started = performance.now();
    // Every connection busy and none to open: this checkout queues behind the others.
    const queued = pool.waitingCount > 0 || (pool.totalCount >= this.#config.max && pool.idleCount === 0);
    for (;;) {
      const client = await pool.connect();
      if (!this.#guarded.has(client)) {
        // pg-pool listens for errors only while a client is idle. A checked-out client whose server
        // goes away between statements (57P01 on a restart) would emit an unhandled 'error' and
        // crash the process; with this listener it just turns unqueryable, and its next statement
        // fails with a transient error that destroys it and retries on a fresh connection.
        client.on('error', ignoreError);
        this.#guarded.add(client);
      }
      const releasedAt = this.#releasedAt.get(client);
      // An idle client older than the idle timeout allows was frozen with the process: its socket
      // may be dead on the other side. Discard it unused (its timer would have closed it anyway).
      if (releasedAt !== undefined && Date.now() - releasedAt > this.#config.idleTimeoutMs + STALE_IDLE_SLACK_MS) {
        this.#discardedStale++;
        this.#releasedAt.delete(client);
        client.release(true);
        continue;
      }
      const waitedMs = performance.now() - started;
      this.#acquire.record(waitedMs);
      if (queued) {
        this.#waits++;
        this.#waitMs += waitedMs;
      }
      return client;
    }
  }

  #checkin(client: PoolClient, error?: unknown): void {
    // SQL errors (a constraint, a bad statement) leave the connection usable; anything else
    // (socket errors, query timeouts, a failed ROLLBACK) may not, so that one is destroyed.
    const broken = error !== undefined && (isConnectionError(error) || typeof (error as { code?: unknown }).code !== 'string');
    if (broken) {
      this.#destroyed++;
      this.#releasedAt.delete(client);
      client.release(true);
      return;
    }
    this.#releasedAt.set(client, Date.now());
    client.release();
  }

  #ensurePool(): Promise<Pool> {
    if (this.#closed) return Promise.reject(new DatabaseUnavailableError('The database pool is closed'));
    if (!this.#pool) {
      const creating = this.#create();
      this.#pool = creating;
      // Credentials could not be resolved (Secrets Manager down): try again on the next call.
      creating.catch(() => {
        if (this.#pool === creating) this.#pool = undefined;
      });
    }
    return this.#pool;
  }

  async #create(): Promise<Pool> {
    let connection: Awaited<ReturnType<DatabaseConfig['connection']>>;
    try {
      connection = await this.#config.connection();
    } catch (error) {
      throw Object.assign(new Error(`could not resolve database credentials: ${(error as Error).message}`, { cause: error }), {
        code: 'ECONNREFUSED',
      });
    }
    const pool = new (pgModule().Pool)({
      ...connection,
      ...clientSettings(this.#config),
      max: this.#config.max,
      idleTimeoutMillis: this.#config.idleTimeoutMs,
      maxLifetimeSeconds: this.#config.maxLifetimeSeconds,
      // Idle connections never keep a process (or a test worker) alive on their own.
      allowExitOnIdle: true,
    });
    // An idle client's socket error (server restart, proxy timeout) must not crash the process:
    // pg removes that client from the pool itself.
    pool.on('error', () => undefined);
    this.#last = pool;
    return pool;
  }
}

function ignoreError(): void {
  // Deliberately empty: see DatabasePool#checkout.
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
