import { ENV } from '@roadcall/contracts';
import { MIGRATIONS, type MigrationReport } from '@roadcall/utils/db';
import { Client } from 'pg';
import { createOwnDatabase } from '../../../../packages/utils/tests/support/db/ownPostgres';
import { handler as migrateHandler } from '../../src/handlers/migrate';

/**
 * The deploy trigger's handler on the integration project's real PostgreSQL, each case in a fresh
 * database of its own, with only the env a function is given (DATABASE_URL here).
 */
jest.setTimeout(60_000);

const serverUrl = process.env[ENV.databaseUrl] as string;
const ALL = MIGRATIONS.map((migration) => migration.id);
const databases: Array<{ drop(): Promise<void> }> = [];

async function freshDatabase(): Promise<string> {
  const database = await createOwnDatabase(serverUrl, 'roadcall_migrate');
  databases.push(database);
  process.env[ENV.databaseUrl] = database.url;
  return database.url;
}

async function query<T extends Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

afterEach(() => {
  process.env[ENV.databaseUrl] = serverUrl;
});

afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe('payments.migrate (deploy trigger)', () => {
  it('applies every migration to an empty database, then nothing on a second run', async () => {
    const url = await freshDatabase();
    const first = await migrateHandler();
    expect(first.applied).toEqual(ALL);
    expect(first.alreadyApplied).toEqual([]);
    // The relations every payments and analytics route and the view refresh need now exist.
    const relations = await query<{ name: string }>(
      url,
      "SELECT relname AS name FROM pg_class WHERE relname IN ('payments', 'analytics_revenue_daily', 'analytics_revenue_by_vendor', 'analytics_volume_hourly') ORDER BY 1",
    );
    expect(relations.map((row) => row.name)).toEqual([
      'analytics_revenue_by_vendor',
      'analytics_revenue_daily',
      'analytics_volume_hourly',
      'payments',
    ]);

    const second = await migrateHandler();
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(ALL);
    const rows = await query<{ id: string }>(url, 'SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(ALL);
  });

  it('serialises concurrent runs: each migration is applied exactly once and no run fails', async () => {
    await freshDatabase();
    const reports: MigrationReport[] = await Promise.all([migrateHandler(), migrateHandler(), migrateHandler()]);
    // Without the lock, two runs would both CREATE TABLE payments and one would fail.
    expect(reports.flatMap((report) => report.applied).sort()).toEqual([...ALL].sort());
    expect(reports.filter((report) => report.applied.length > 0)).toHaveLength(1);
    for (const report of reports) expect([...report.applied, ...report.alreadyApplied].sort()).toEqual([...ALL].sort());
  });

  it('throws when a migration fails, so the CDK trigger fails the deploy, and records nothing of it', async () => {
    const url = await freshDatabase();
    // A conflicting relation: 0001_payments cannot create its table.
    await query(url, 'CREATE TABLE payments (legacy integer)');
    await expect(migrateHandler()).rejects.toThrow(/Migration 0001_payments failed/);
    expect(await query(url, 'SELECT id FROM schema_migrations')).toEqual([]);
  });

  it('throws when the function has no database settings at all', async () => {
    delete process.env[ENV.databaseUrl];
    await expect(migrateHandler()).rejects.toThrow(/DATABASE_URL/);
  });
});
