import type { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import { ioredisModule } from './driver';

/** Redis options of every node connection that a Cluster must not get from the standalone defaults. */
type NodeOptions = NonNullable<ClusterOptions['redisOptions']>;

/** The port a seed without one gets (Redis's default, as for standalone URLs). */
const DEFAULT_REDIS_PORT = 6379;

/** Commands whose key comes after a subcommand, which ioredis's key table does not locate (see below). */
const SUBCOMMAND_KEYED = ['xinfo', 'object', 'memory'] as const;

/** How long the cluster client waits between attempts to rediscover the cluster (capped backoff). */
const CLUSTER_RETRY_CAP_MS = 2_000;

/** A cluster's seed nodes and the credentials and TLS they share, parsed from REDIS_URL. */
export interface ClusterSeeds {
  readonly nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly tls: boolean;
  readonly username?: string;
  readonly password?: string;
}

/**
 * Parses a cluster seed URL: `redis://host:port` or several seeds separated by commas
 * (`redis://:pass@10.0.0.1:7000,10.0.0.2:7000`). Why several: a new client discovers the cluster
 * through its seeds, so one seed that is down (the master a failover just replaced) would leave
 * every container started afterwards without Redis. ElastiCache's configuration endpoint is one
 * name that resolves to live nodes, so there one seed is enough.
 *
 * @example
 * clusterSeeds('rediss://:token@a:6379,b:6379'); // { nodes: [a:6379, b:6379], tls: true, password: 'token' }
 */
export function clusterSeeds(url: string): ClusterSeeds {
  const match = /^(rediss?):\/\/(?:([^@/]*)@)?([^/?#]+)/.exec(url);
  if (!match) throw new TypeError(`Not a redis:// or rediss:// URL: ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
  const [, protocol, userinfo, hosts] = match as unknown as [string, string, string | undefined, string];
  const nodes = hosts.split(',').map((hostPort) => {
    // Each seed is parsed by the WHATWG URL parser (IPv6 brackets, default port).
    const parsed = new URL(`${protocol}://${hostPort}`);
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(parsed.port || DEFAULT_REDIS_PORT) };
  });
  const [username, password] = userinfo === undefined ? [] : userinfo.split(':');
  return {
    nodes,
    tls: protocol === 'rediss',
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
}

/**
 * An ioredis Cluster for a seed URL (`redis://host:port`, several seeds separated by commas,
 * `rediss://` for TLS; ElastiCache: its configuration endpoint). Choices, each an ioredis Cluster
 * gotcha:
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
export function createClusterClient(url: string, nodeOptions: RedisOptions, clusterOptions: ClusterOptions = {}): Cluster {
  const seeds = clusterSeeds(url);
  // The cluster reconnects its nodes itself (clusterRetryStrategy); a node's own retryStrategy
  // would keep dialling a failed master after the cluster has moved on to its replica.
  const { retryStrategy: _ignored, ...perNode } = nodeOptions;
  const redisOptions: NodeOptions = {
    ...(perNode as NodeOptions),
    ...(seeds.username ? { username: seeds.username } : {}),
    ...(seeds.password ? { password: seeds.password } : {}),
    ...(seeds.tls ? { tls: {} } : {}),
  };
  return new (ioredisModule().Cluster)([...seeds.nodes], {
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
