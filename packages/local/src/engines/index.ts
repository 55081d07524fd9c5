import { ENV, LOCAL_STAGE } from '@roadcall/contracts';
import { type ProvisionedQueue, provisionContracts } from '../provision';
import { startDynalite } from './dynamo';
import { startPostgres } from './postgres';
import { startRedis } from './redis';
import { spawnRedisCluster } from './redisCluster';
import { startSesLocal } from './ses';
import { startFauxqs } from './sqs';
import type { RunningEngine } from './types';

export { freePort } from './ports';
export { createEmbeddedPostgres, createOwnDatabase, type EmbeddedServer, startPostgres } from './postgres';
export { type SpawnedRedis, spawnRedisServer, startRedis } from './redis';
export {
  type ClusterNode,
  LOCAL_CLUSTER_NODE_TIMEOUT_MS,
  type RedisClusterOptions,
  type SpawnedRedisCluster,
  spawnRedisCluster,
} from './redisCluster';
export type { RunningEngine } from './types';

export interface EnginesOptions {
  readonly stage?: string;
  readonly region?: string;
  /** Use this Redis (REDIS_URL) instead of spawning one. */
  readonly redisUrl?: string;
  /** Use this PostgreSQL (DATABASE_URL) instead of an embedded one. */
  readonly databaseUrl?: string;
  /** Tests: create a database of our own in `databaseUrl` and drop it on stop. */
  readonly isolateDatabase?: boolean;
  /** Runs after the engines start and before `env` is returned (migrations). */
  readonly afterStart?: (env: Record<string, string>) => Promise<void>;
  /** Create the contracts' tables, queues and buckets (default true; the cloud runtime provisions from the templates). */
  readonly provisionContracts?: boolean;
  /** AUTH password of the spawned redis-server (the cloud runtime gives the template's token). */
  readonly redisPassword?: string;
  /**
   * Spawn a real Redis Cluster instead of one redis-server (`pnpm dev --redis-cluster`, the
   * `integration-cluster` tests): REDIS_URL lists its nodes as seeds and REDIS_CLUSTER is `true`.
   */
  readonly redisCluster?: { readonly masters?: number; readonly replicasPerMaster?: number };
}

export interface RunningEngines {
  /** Every env var a handler needs to reach these engines and the contracts' resources. */
  readonly env: Record<string, string>;
  readonly endpoints: { dynamodb: string; sqs: string; ses: string; redis: string; postgres: string };
  readonly queues: Record<string, ProvisionedQueue>;
  /** Process ids of engines running as processes of their own (redis-server, postgres). */
  readonly pids: number[];
  stop(): Promise<void>;
}

/**
 * Starts dynalite, fauxqs, aws-ses-v2-local, Redis and PostgreSQL, creates the contracts'
 * tables, queues and buckets, and returns the env that points the AWS SDK (through the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables), ioredis and pg at them.
 */
export async function startEngines(options: EnginesOptions = {}): Promise<RunningEngines> {
  const stage = options.stage ?? LOCAL_STAGE;
  const region = options.region ?? 'us-east-1';
  const started: RunningEngine[] = [];
  const track = async (engine: Promise<RunningEngine>): Promise<RunningEngine> => {
    const running = await engine;
    started.push(running);
    return running;
  };
  const stop = async (): Promise<void> => {
    await Promise.allSettled(started.reverse().map((engine) => engine.stop()));
  };
  try {
    const [dynamodb, sqs, ses, redis, postgres] = await Promise.all([
      track(startDynalite()),
      track(startFauxqs()),
      track(startSesLocal()),
      track(
        options.redisCluster && !options.redisUrl
          ? spawnRedisCluster({ ...options.redisCluster, requirePass: options.redisPassword })
          : startRedis({ url: options.redisUrl, requirePass: options.redisPassword }),
      ),
      track(startPostgres({ url: options.databaseUrl, isolate: options.isolateDatabase })),
    ]);
    const provisioned =
      options.provisionContracts === false
        ? { env: {}, queues: {} }
        : await provisionContracts({ stage, region, dynamoEndpoint: dynamodb.url, sqsEndpoint: sqs.url });
    const env: Record<string, string> = {
      [ENV.stage]: stage,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      // The SDK warns about Node 20 on every process start; the platform supports Node >= 20.19.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_S3: sqs.url,
      AWS_ENDPOINT_URL_SES: ses.url,
      AWS_ENDPOINT_URL_SESV2: ses.url,
      [ENV.redisUrl]: redis.url,
      ...(options.redisCluster ? { [ENV.redisCluster]: 'true' } : {}),
      [ENV.databaseUrl]: postgres.url,
      [ENV.sesFromEmail]: 'no-reply@roadcall.local',
      ...provisioned.env,
    };
    await options.afterStart?.(env);
    return {
      env,
      endpoints: { dynamodb: dynamodb.url, sqs: sqs.url, ses: ses.url, redis: redis.url, postgres: postgres.url },
      queues: provisioned.queues,
      pids: started.flatMap((engine) => engine.pids ?? (engine.pid ? [engine.pid] : [])),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
