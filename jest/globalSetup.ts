import { randomBytes } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { spawnEngines } from '@roadcall/local';

/**
 * Starts the engines once for the integration project, in a process of their own. Always a
 * redis-server of our own (tests may do anything to it), and an embedded PostgreSQL, or a
 * database of our own inside TEST_DATABASE_URL. Workers inherit the env set here.
 * The `integration-cluster` project runs the same suites on a local 3-master Redis Cluster
 * (jest/globalSetup.cluster.ts).
 */
export default async function globalSetup(): Promise<void> {
  const engines = await spawnEngines({
    stage: 'test',
    databaseUrl: process.env.TEST_DATABASE_URL,
    isolateDatabase: true,
  });
  Object.assign(process.env, engines.env, {
    [ENV.localJwtSecret]: randomBytes(32).toString('hex'),
    [ENV.cursorSecret]: randomBytes(32).toString('hex'),
    [ENV.logLevel]: process.env[ENV.logLevel] ?? 'SILENT',
    ROADCALL_TEST_QUEUES: JSON.stringify(engines.queues),
  });
  (globalThis as { __ROADCALL_ENGINES__?: typeof engines }).__ROADCALL_ENGINES__ = engines;
}
