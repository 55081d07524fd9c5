import { ENV } from '@roadcall/contracts';
import { MIGRATIONS } from '@roadcall/utils/db';
import { Client } from 'pg';
import { createOwnDatabase, moduleResolver, runDeployTriggers } from '../../src';

/** The local stacks run the contracts' deploy triggers through their handlers, as a deploy does. */
jest.setTimeout(60_000);

const ALL = MIGRATIONS.map((migration) => migration.id);

async function appliedIn(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

describe('deploy triggers in the local stack', () => {
  it('the engines ran the migration trigger at start: the stack database has every migration', async () => {
    expect(await appliedIn(process.env[ENV.databaseUrl] as string)).toEqual(ALL);
  });

  it('runs payments.migrate through its handler with the given env only while it runs', async () => {
    const serverUrl = process.env[ENV.databaseUrl] as string;
    const database = await createOwnDatabase(serverUrl, 'roadcall_deploy');
    try {
      const results = await runDeployTriggers(moduleResolver(), { [ENV.databaseUrl]: database.url });
      expect(results).toEqual([{ id: 'payments-migrate', result: expect.objectContaining({ applied: ALL, alreadyApplied: [] }) }]);
      expect(await appliedIn(database.url)).toEqual(ALL);
      expect(process.env[ENV.databaseUrl]).toBe(serverUrl);
    } finally {
      await database.drop();
    }
  });
});
