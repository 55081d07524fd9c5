import { randomBytes } from 'node:crypto';
import { ENV, LOCAL_REDIS_CLUSTER } from '@roadcall/contracts';
import { spawnEngines } from '@roadcall/local';
import { CLUSTER_ENV_VAR } from './clusterEnv';

/**
 * The `integration-cluster` project's engines: the same as the integration project's, with a
 * real 3-master Redis Cluster (redis-server --cluster-enabled yes on free ports, joined by
 * redis-cli --cluster create) instead of one redis-server, and a database of their own.
 *
 * Both projects' global setups run in the one jest parent before any worker starts, and workers
 * inherit its env: so this one must not overwrite the integration project's REDIS_URL. It parks
 * its env as JSON in one variable, and jest/env.cluster.ts (this project's setup file) applies it
 * inside each of its test files only.
 */
export default async function globalSetup(): Promise<void> {
  const engines = await spawnEngines({
    stage: 'test',
    databaseUrl: process.env.TEST_DATABASE_URL,
    isolateDatabase: true,
    redisCluster: { masters: LOCAL_REDIS_CLUSTER.masters },
  });
  process.env[CLUSTER_ENV_VAR] = JSON.stringify({
    ...engines.env,
    [ENV.localJwtSecret]: randomBytes(32).toString('hex'),
    [ENV.cursorSecret]: randomBytes(32).toString('hex'),
    [ENV.logLevel]: process.env[ENV.logLevel] ?? 'SILENT',
    ROADCALL_TEST_QUEUES: JSON.stringify(engines.queues),
  });
  (globalThis as { __ROADCALL_CLUSTER_ENGINES__?: typeof engines }).__ROADCALL_CLUSTER_ENGINES__ = engines;
}
