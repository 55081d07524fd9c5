export { authenticateWith } from './auth';
export { closeRedisClient, clusterMode, createRedisClient, redisClient } from './client';
export { authenticateClusterWith, type ClusterSeeds, clusterSeeds, createClusterClient } from './cluster';
export { groupBySlot, isCluster, mgetAny, type RedisCommand, runBatch, scanAll, scanNodes, unlinkAny } from './commands';
export type { RedisClient } from './types';
