import { createHash } from 'node:crypto';
import type { ClientConfig } from 'pg';
import { databaseConfigFromEnv } from '../config';
import { CONNECT_TIMEOUT_MS } from '../constants';
import { pgModule } from '../driver';
import { paymentsMigration } from './0001_payments';
import { analyticsMigration } from './0002_analytics';
import { analyticsDepthMigration } from './0003_analytics_depth';
import { statementStatsMigration } from './0004_statement_stats';
import type { Migration, MigrationReport } from './types';

/** Every migration, in order. Append only: an applied migration is never edited (its checksum is checked). */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  paymentsMigration,
  analyticsMigration,
  analyticsDepthMigration,
  statementStatsMigration,
];

/** Advisory lock key: two deploys (or two test runs) never migrate the same database at once. */
const LOCK_KEY = 7_401_115_032;

function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/** The narrow client a migration run needs. */
export interface MigrationClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * Applies pending migrations on an open connection: holds an advisory lock for the whole run,
 * keeps `schema_migrations` (id, checksum, applied_at), runs each migration and its bookkeeping
 * row in one transaction, and refuses to go on if an applied migration's SQL was edited.
 */
export async function applyMigrations(
  client: MigrationClient,
  migrations: ReadonlyArray<Migration> = MIGRATIONS,
): Promise<MigrationReport> {
  const started = performance.now();
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id         text        PRIMARY KEY,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query('SELECT id, checksum FROM schema_migrations');
    const applied = new Map(rows.map((row) => [String(row.id), String(row.checksum)]));
    const done: string[] = [];
    const skipped: string[] = [];
    for (const migration of migrations) {
      const sum = checksum(migration);
      const previous = applied.get(migration.id);
      if (previous !== undefined) {
        if (previous !== sum) {
          throw new Error(`Migration ${migration.id} was edited after it was applied (checksum mismatch): add a new migration instead`);
        }
        skipped.push(migration.id);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [migration.id, sum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`Migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(migration.id);
    }
    return { applied: done, alreadyApplied: skipped, durationMs: Math.round(performance.now() - started) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
  }
}

/**
 * Migrates a database on a dedicated connection (never the request pool): `DATABASE_URL`, or the
 * given URL/settings, or in AWS the RDS Proxy endpoint and Secrets Manager credentials.
 *
 * @example
 * await migrate(process.env.DATABASE_URL); // { applied: ['0001_payments', ...], ... }
 */
export async function migrate(target?: string | ClientConfig, migrations: ReadonlyArray<Migration> = MIGRATIONS): Promise<MigrationReport> {
  const settings: ClientConfig =
    typeof target === 'string' ? { connectionString: target } : (target ?? (await databaseConfigFromEnv().connection()));
  // A bounded connect: a wrong security group or endpoint fails the deploy trigger at once instead of at its timeout.
  const client = new (pgModule().Client)({
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...settings,
    application_name: 'roadcall-migrate',
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await applyMigrations(client, migrations);
  } finally {
    await client.end().catch(() => undefined);
  }
}
