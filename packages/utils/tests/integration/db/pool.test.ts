import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DatabasePool, DatabaseUnavailableError, databaseConfigFromEnv, TransactionConflictError } from '../../../src/db';
import { backendsOf, createOwnDatabase } from '../../support/db/ownPostgres';

// Real engines on a shared 2-core machine: jest's 5 s default is too tight (projects ignore testTimeout).
jest.setTimeout(60_000);

const serverUrl = process.env.DATABASE_URL as string;
let database: Awaited<ReturnType<typeof createOwnDatabase>>;
const pools: DatabasePool[] = [];

function newPool(overrides: Partial<ReturnType<typeof databaseConfigFromEnv>> = {}, url = database.url): DatabasePool {
  const pool = new DatabasePool({
    ...databaseConfigFromEnv({ DATABASE_URL: url }),
    applicationName: `pool-test-${randomBytes(4).toString('hex')}`,
    ...overrides,
  });
  pools.push(pool);
  return pool;
}

beforeAll(async () => {
  database = await createOwnDatabase(serverUrl, 'roadcall_pool');
  const admin = new Client({ connectionString: database.url });
  await admin.connect();
  await admin.query('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)');
  await admin.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
  await admin.end();
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await database.drop();
});

describe('transactions', () => {
  it('commits what the function did and returns its value', async () => {
    const pool = newPool();
    const value = await pool.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id, label) VALUES (1, $1)', ['kept']);
      return 'done';
    });
    expect(value).toBe('done');
    expect((await pool.query('SELECT label FROM items WHERE id = 1')).rows).toEqual([{ label: 'kept' }]);
  });

  it('rolls back everything when the function throws, rethrows the error, and keeps the connection usable', async () => {
    const pool = newPool({ max: 1 });
    const failure = new Error('business rule broken');
    await expect(
      pool.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES (2, $1)', ['discarded']);
        await tx.query('INSERT INTO items (id, label) VALUES (3, $1)', ['discarded too']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await pool.query('SELECT count(*)::int AS n FROM items WHERE id IN (2, 3)')).rows[0]).toEqual({ n: 0 });
    const stats = pool.stats();
    expect(stats.transactions).toEqual({ committed: 0, rolledBack: 1 });
    expect(stats.destroyed).toBe(0);
  });

  it('rolls back on an SQL error and surfaces it unchanged (a unique violation is not retried)', async () => {
    const pool = newPool();
    let attempts = 0;
    await expect(
      pool.transaction(async (tx) => {
        attempts++;
        await tx.query('INSERT INTO items (id, label) VALUES (4, $1)', ['first']);
        await tx.query('INSERT INTO items (id, label) VALUES (4, $1)', ['duplicate']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
    expect((await pool.query('SELECT count(*)::int AS n FROM items WHERE id = 4')).rows[0]).toEqual({ n: 0 });
  });

  it('re-runs a transaction that lost a serialization conflict, so no update is lost', async () => {
    const pool = newPool({ max: 4 });
    await pool.query('INSERT INTO counter (id, n) VALUES (1, 0)');
    // Both transactions read before either writes: one of them must fail with 40001 and re-run.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    let attempts = 0;
    const increment = () =>
      pool.transaction(
        async (tx) => {
          attempts++;
          const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
          if (++arrived === 2) release();
          await bothRead;
          await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [(rows[0]?.n ?? 0) + 1]);
        },
        { isolation: 'serializable' },
      );
    await Promise.all([increment(), increment()]);
    expect((await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0]).toEqual({ n: 2 });
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(pool.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('gives up on endless serialization failures with a 409 inside the budget', async () => {
    // A budget far above one attempt's cost on a busy machine, so "retried" never depends on speed;
    // sleeps are at least baseMs, which bounds the attempts from above whatever the speed.
    const retry = { budgetMs: 2_000, baseMs: 5, capMs: 20 };
    const pool = newPool({ retry });
    let attempts = 0;
    const outcome = pool.transaction(async () => {
      attempts++;
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    });
    await expect(outcome).rejects.toBeInstanceOf(TransactionConflictError);
    await expect(outcome).rejects.toMatchObject({ httpStatus: 409 });
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(retry.budgetMs / retry.baseMs + 1);
  });
});

describe('pool limits and statistics', () => {
  it('never holds more connections than its max, queueing the rest', async () => {
    const max = 3;
    const pool = newPool({ max });
    let sampling = true;
    let mostBackends = 0;
    let mostTotal = 0;
    let sawWaiting = false;
    const watcher = new Client({ connectionString: serverUrl });
    await watcher.connect();
    const sample = (async () => {
      while (sampling) {
        const { rows } = await watcher.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [
          pool.config.applicationName,
        ]);
        mostBackends = Math.max(mostBackends, rows[0]?.n ?? 0);
        const stats = pool.stats();
        mostTotal = Math.max(mostTotal, stats.total);
        sawWaiting ||= stats.waiting > 0;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await Promise.all(Array.from({ length: 40 }, () => pool.query('SELECT pg_sleep(0.02)')));
    sampling = false;
    await sample;
    await watcher.end();
    expect(mostBackends).toBe(max);
    expect(mostTotal).toBe(max);
    expect(sawWaiting).toBe(true);
    const stats = pool.stats();
    expect(stats.acquire.count).toBe(40);
    expect(stats.acquire.p99Ms).toBeGreaterThan(stats.acquire.p50Ms);
    expect(stats.total).toBeLessThanOrEqual(max);
  });

  it('keeps a connection after an SQL error and reports health', async () => {
    const pool = newPool({ max: 1 });
    await expect(pool.query('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01' });
    const health = await pool.healthCheck();
    expect(health.status).toBe('up');
    expect(health.stats.destroyed).toBe(0);
    expect(health.stats.total).toBe(1);
  });

  it('closes every connection on graceful shutdown', async () => {
    const pool = newPool({ max: 4 });
    await Promise.all(Array.from({ length: 8 }, () => pool.query('SELECT pg_sleep(0.01)')));
    expect(await backendsOf(serverUrl, pool.config.applicationName)).toBe(4);
    await pool.close();
    expect(await backendsOf(serverUrl, pool.config.applicationName)).toBe(0);
    await expect(pool.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});

describe('an unreachable database', () => {
  it('fails with a 503 and Retry-After once the retry budget is spent; the health check says down', async () => {
    const closed = new URL(database.url);
    closed.port = '1'; // nothing listens there: connection refused
    const retry = { budgetMs: 1_000, baseMs: 10, capMs: 50 };
    const pool = newPool({ retry }, closed.toString());
    const error = await pool.query('SELECT 1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ httpStatus: 503, dependency: 'postgres' });
    expect((error as DatabaseUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    // It gave up (the promise settled) after retrying, and no more often than the budget allows.
    expect(pool.stats().retries).toBeGreaterThan(0);
    expect(pool.stats().retries).toBeLessThanOrEqual(retry.budgetMs / retry.baseMs);
    expect((await pool.healthCheck()).status).toBe('down');
  });
});
