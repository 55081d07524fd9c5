import { ENV } from '@roadcall/contracts';
import type { RedisOptions } from 'ioredis';
import { ConfigError } from '../config';
import { secrets } from '../secrets';
import { authenticateWith } from './auth';
import { authenticateClusterWith, createClusterClient } from './cluster';
import { ioredisModule } from './driver';
import type { RedisClient } from './types';

/** Reads the AUTH token: the secret is a plain string or JSON with a `token`/`password` field. */
async function authTokenFrom(secretArn: string): Promise<string> {
  const raw = await secrets().get(secretArn);
  if (!raw.trimStart().startsWith('{')) return raw;
  const parsed = JSON.parse(raw) as { token?: string; password?: string; authToken?: string };
  const token = parsed.token ?? parsed.authToken ?? parsed.password;
  if (!token) throw new ConfigError(`The secret in ${ENV.redisAuthSecretArn} has no token field`, [ENV.redisAuthSecretArn]);
  return token;
}

/** True when REDIS_CLUSTER says REDIS_URL is a Redis Cluster (per stage in the contracts' `REDIS_TOPOLOGY`). */
export function clusterMode(): boolean {
  return process.env[ENV.redisCluster] === 'true';
}

/**
 * Creates an ioredis client for REDIS_URL (`rediss://` turns TLS on): an ioredis Cluster seeded
 * from that URL (one seed or several, comma-separated) when REDIS_CLUSTER is `true`, else a
 * standalone client. AUTH comes from the URL,
 * or (in AWS) from the Secrets Manager secret named by REDIS_AUTH_SECRET_ARN, fetched once per
 * container and cached. Commands fail fast instead of queueing forever while Redis is down, so
 * callers can degrade.
 *
 * @example
 * const redis = createRedisClient(); // Redis or Cluster, by REDIS_CLUSTER
 * await runBatch(redis, [['get', 'a'], ['get', 'b']]); // cluster-safe batching (./commands)
 */
export function createRedisClient(
  url: string | undefined = process.env[ENV.redisUrl],
  options: RedisOptions = {},
  cluster: boolean = clusterMode(),
): RedisClient {
  if (!url) throw new ConfigError(`${ENV.redisUrl} is required but not set (the Redis connection URL)`, [ENV.redisUrl]);
  const secretArn = process.env[ENV.redisAuthSecretArn];
  const nodeOptions: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2_000, ...options };
  if (cluster) {
    const client = createClusterClient(url, nodeOptions, secretArn ? { lazyConnect: true } : {});
    if (secretArn) authenticateClusterWith(client, () => authTokenFrom(secretArn));
    client.on('error', () => undefined);
    return client;
  }
  const client = new (ioredisModule().Redis)(url, {
    // Reconnect with capped exponential backoff; never give up (the breaker decides what to do meanwhile).
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    ...nodeOptions,
    // With a secret, the first connect must wait for the token (see authenticateWith).
    ...(secretArn ? { lazyConnect: true } : {}),
  });
  if (secretArn) authenticateWith(client, () => authTokenFrom(secretArn));
  // Connection errors surface on the commands that fail; the event itself only needs a listener
  // (without one, ioredis prints every reconnect failure as an unhandled error).
  client.on('error', () => undefined);
  return client;
}

let shared: RedisClient | undefined;

/** The container's shared Redis client, created on first use. */
export function redisClient(): RedisClient {
  shared ??= createRedisClient();
  return shared;
}

/** Closes the shared client (tests, graceful shutdown). */
export async function closeRedisClient(): Promise<void> {
  const client = shared;
  shared = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
