import type { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import { ioredisModule } from './driver';

/** Redis options of every node connection that a Cluster must not get from the standalone defaults. */
type NodeOptions = NonNullable<ClusterOptions['redisOptions']>;

/** Commands whose key comes after a subcommand, which ioredis's key table does not locate (see below). */
const SUBCOMMAND_KEYED = ['xinfo', 'object', 'memory'] as const;

/** How long the cluster client waits between attempts to rediscover the cluster (capped backoff). */
const CLUSTER_RETRY_CAP_MS = 2_000;

/**
 * An ioredis Cluster for a seed URL (`redis://host:port`, `rediss://` for TLS; ElastiCache: its
 * configuration endpoint). Choices, each an ioredis Cluster gotcha:
 * - `dnsLookup` passes the name through: ElastiCache's TLS certificates name the node hostnames
 *   the cluster announces, so the client must connect by name, not by a resolved IP.
 * - `enableAutoPipelining`: a pipeline must stay on one node in a cluster, so cross-slot batches
 *   go out as concurrent commands (`runBatch`), which this groups into one pipeline per node.
 *   Except the commands whose key follows a subcommand (XINFO STREAM key, OBJECT, MEMORY USAGE):
 *   ioredis cannot find their key, queues them by the slot of the subcommand's name, and a
 *   pipeline whose commands are not all MOVED alike fails instead of following the redirect.
 *   Sent on their own, they go to any node and the cluster client follows its MOVED.
 * - `scaleReads: 'master'`: replicas lag; the cache, locks and the geo index read what they wrote.
 * - `enableReadyCheck`: commands wait for `cluster_state:ok`, so a failover queues, not fails.
 * - No `keyPrefix`: ioredis would prefix keys but not the hash tags' slots we compute, nor SCAN
 *   patterns; keys carry their prefix themselves. No `natMap`: nodes announce reachable addresses.
 * - Subscribers come from `duplicate()` (a Cluster of its own that re-subscribes after failover).
 */
export function createClusterClient(url: URL, nodeOptions: RedisOptions, clusterOptions: ClusterOptions = {}): Cluster {
  const tls = url.protocol === 'rediss:';
  // The cluster reconnects its nodes itself (clusterRetryStrategy); a node's own retryStrategy
  // would keep dialling a failed master after the cluster has moved on to its replica.
  const { retryStrategy: _ignored, ...perNode } = nodeOptions;
  const redisOptions: NodeOptions = {
    ...(perNode as NodeOptions),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(tls ? { tls: {} } : {}),
  };
  return new (ioredisModule().Cluster)([{ host: url.hostname, port: Number(url.port || 6379) }], {
    redisOptions,
    dnsLookup: (address, callback) => callback(null, address),
    enableAutoPipelining: true,
    autoPipeliningIgnoredCommands: [...SUBCOMMAND_KEYED],
    scaleReads: 'master',
    enableReadyCheck: true,
    // The breaker decides what to do while the cluster is away; never give up rediscovering it.
    clusterRetryStrategy: (attempt) => Math.min(50 * 2 ** attempt, CLUSTER_RETRY_CAP_MS),
    ...clusterOptions,
  });
}

/**
 * The Cluster counterpart of `authenticateWith`: the token (ElastiCache AUTH in Secrets Manager)
 * is fetched before the first connect and set on the node options every node connection (and
 * every `duplicate()`, which shares them) authenticates with.
 */
export function authenticateClusterWith(cluster: Cluster, token: () => Promise<string>): Cluster {
  const connect = cluster.connect.bind(cluster);
  let pending: Promise<void> | undefined;
  cluster.connect = (): Promise<void> => {
    pending ??= token()
      .then((password) => {
        cluster.options.redisOptions = { ...cluster.options.redisOptions, password };
        return connect();
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const duplicate = cluster.duplicate.bind(cluster);
  cluster.duplicate = (nodes, override) => authenticateClusterWith(duplicate(nodes, { ...override, lazyConnect: true }), token);
  return cluster;
}
