import type { Cluster, Redis } from 'ioredis';

/**
 * What `createRedisClient` returns: a standalone ioredis client, or an ioredis Cluster when
 * REDIS_CLUSTER is `true`. Both speak the same commands; what differs (a pipeline must stay on
 * one node, SCAN sees one node, multi-key commands need one slot) is handled by `./commands`.
 */
export type RedisClient = Redis | Cluster;
