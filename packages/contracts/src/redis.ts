/**
 * Redis topology per stage: the one place that decides standalone or cluster. The CDK app builds
 * the ElastiCache replication group from it (cluster mode enabled: `shards` node groups with
 * `replicasPerShard` replicas each) and sets `REDIS_CLUSTER` on every function that uses Redis;
 * the client (`@roadcall/utils/redis`) becomes an ioredis Cluster when that is `true`.
 *
 * Why per stage (docs/deploy.md): dev is one small standalone node (cheapest; the cluster paths
 * are proven locally on a real 3-master cluster by the `integration-cluster` jest project);
 * staging and prod are sharded, prod with at least 3 shards and a replica in another AZ each.
 */
export interface RedisTopology {
  readonly mode: 'standalone' | 'cluster';
  /** Node groups (shards); 1 for standalone. */
  readonly shards: number;
  /** Replicas per shard (standalone: replicas of the one primary). >= 1 enables automatic failover. */
  readonly replicasPerShard: number;
}

/** Stages deployed to AWS, and `local` (pnpm dev, tests). */
export type RedisStage = 'local' | 'dev' | 'staging' | 'prod';

export const REDIS_TOPOLOGY: Readonly<Record<RedisStage, RedisTopology>> = {
  local: { mode: 'standalone', shards: 1, replicasPerShard: 0 },
  dev: { mode: 'standalone', shards: 1, replicasPerShard: 0 },
  staging: { mode: 'cluster', shards: 2, replicasPerShard: 1 },
  prod: { mode: 'cluster', shards: 3, replicasPerShard: 1 },
};

/** The smallest prod cluster the contract test accepts. */
export const MIN_PROD_REDIS_SHARDS = 3;

/** The topology of a stage (unknown stages, e.g. `test`, run like `local`). */
export function redisTopology(stage: string): RedisTopology {
  return REDIS_TOPOLOGY[stage as RedisStage] ?? REDIS_TOPOLOGY.local;
}

/**
 * Local Redis Cluster shape (`pnpm dev --redis-cluster`, the `integration-cluster` tests): three
 * masters (the smallest cluster redis-cli creates), with one replica each when failover is tested.
 */
export const LOCAL_REDIS_CLUSTER = { masters: 3, replicasPerMaster: 0 } as const;
