import { randomBytes } from 'node:crypto';
import { ENV, LOCAL_REDIS_CLUSTER } from '@roadcall/contracts';
import { spawnEngines } from '@roadcall/local';

/**
 * Starts the engines once for the integration project, in a process of their own. Always a
 * redis-server of our own (tests may do anything to it), and an embedded PostgreSQL, or a
 * database of our own inside TEST_DATABASE_URL. Workers inherit the env set here.
 *
 * `ROADCALL_TEST_REDIS=cluster` runs the whole project against a local 3-master Redis Cluster
 * instead (REDIS_CLUSTER=true); `pnpm test` runs the Redis suites on one anyway, in the
 * `integration-cluster` project (jest/globalSetup.cluster.ts).
 */
export default async function globalSetup(): Promise<void> {
  const cluster = process.env.ROADCALL_TEST_REDIS === 'cluster';
  const engines = await spawnEngines({
    stage: 'test',
    databaseUrl: process.env.TEST_DATABASE_URL,
    isolateDatabase: true,
    ...(cluster ? { redisCluster: { masters: LOCAL_REDIS_CLUSTER.masters } } : {}),
  });
  Object.assign(process.env, engines.env, {
    [ENV.localJwtSecret]: randomBytes(32).toString('hex'),
    [ENV.cursorSecret]: randomBytes(32).toString('hex'),
    [ENV.logLevel]: process.env[ENV.logLevel] ?? 'SILENT',
    ROADCALL_TEST_QUEUES: JSON.stringify(engines.queues),
  });
  (globalThis as { __ROADCALL_ENGINES__?: typeof engines }).__ROADCALL_ENGINES__ = engines;
}
