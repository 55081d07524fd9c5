import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_REDIS_CLUSTER } from '@roadcall/contracts';
import Redis from 'ioredis';
import { EngineStartError } from '../errors';
import { freePort } from './ports';
import { redisServerBinary, waitForPing } from './redis';
import type { RunningEngine } from './types';

const run = promisify(execFile);

/** The cluster bus listens on the node's port + this (Redis' fixed offset). */
const CLUSTER_BUS_OFFSET = 10_000;
/** Highest node port whose bus port (port + 10000) is still a valid port. */
const MAX_NODE_PORT = 65_535 - CLUSTER_BUS_OFFSET;
/**
 * How long a master may be unreachable before its replica takes over (Redis' default is 15 s).
 * Short locally so the failover test waits seconds, not a quarter minute; ElastiCache uses its own.
 */
export const LOCAL_CLUSTER_NODE_TIMEOUT_MS = 2_000;
/** How long to wait for `cluster_state:ok` and synced replicas (creation or failover). */
const CLUSTER_READY_TIMEOUT_MS = 30_000;
const POLL_MS = 100;

export interface RedisClusterOptions {
  /** Masters (>= 3: what `redis-cli --cluster create` accepts). */
  readonly masters?: number;
  /** Replicas per master (1 to test failover). */
  readonly replicasPerMaster?: number;
  /** AUTH password of every node (`requirepass` and `masterauth`); the URL carries it. */
  readonly requirePass?: string;
}

/** One node of a spawned cluster. */
export interface ClusterNode {
  readonly port: number;
  readonly pid: number | undefined;
  /** True while its process runs. */
  readonly alive: boolean;
}

/** A local Redis Cluster the stack spawned: nodes on free loopback ports, nothing on disk but nodes.conf in a temp dir. */
export interface SpawnedRedisCluster extends RunningEngine {
  /** Seed URL listing every node (comma-separated), so a client made after a failover still finds the cluster. */
  readonly url: string;
  readonly nodes: ReadonlyArray<ClusterNode>;
  /** Process ids of every node (stop() ends them; the no-leftovers checks read them). */
  readonly pids: number[];
  /** Ports of the nodes that are masters now (CLUSTER NODES of a live node). */
  masterPorts(): Promise<number[]>;
  /** SIGKILLs one node, as a crashed host would. */
  kill(port: number): Promise<void>;
  /** Resolves once every slot is served again (`cluster_state:ok` on every live node). */
  waitHealthy(timeoutMs?: number): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` distinct free ports whose cluster-bus port (port + 10000) is free too. */
async function clusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count; attempt++) {
    if (attempt > 200) throw new EngineStartError('redis-cluster', `found only ${ports.length} of ${count} free port pairs`);
    // The OS picks from its ephemeral range, often above MAX_NODE_PORT: fold it into range.
    const candidate = (await freePort()) % MAX_NODE_PORT;
    if (candidate < 1_024 || ports.includes(candidate)) continue;
    if ((await portFree(candidate)) && (await portFree(candidate + CLUSTER_BUS_OFFSET))) ports.push(candidate);
  }
  return ports;
}

async function untilTrue(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new EngineStartError('redis-cluster', `${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Spawns a real Redis Cluster on loopback: `masters` x (1 + `replicasPerMaster`) redis-server
 * processes with `--cluster-enabled yes` on free ports, joined by `redis-cli --cluster create`,
 * ready when every node reports `cluster_state:ok` and every replica is in sync.
 *
 * @example
 * const cluster = await spawnRedisCluster({ masters: 3, replicasPerMaster: 1 });
 * process.env.REDIS_URL = cluster.url; process.env.REDIS_CLUSTER = 'true';
 * await cluster.kill((await cluster.masterPorts())[0]); await cluster.waitHealthy();
 */
export async function spawnRedisCluster(options: RedisClusterOptions = {}): Promise<SpawnedRedisCluster> {
  const masters = options.masters ?? LOCAL_REDIS_CLUSTER.masters;
  const replicas = options.replicasPerMaster ?? LOCAL_REDIS_CLUSTER.replicasPerMaster;
  if (masters < 3) throw new EngineStartError('redis-cluster', 'a Redis Cluster needs at least 3 masters');
  const binary = redisServerBinary();
  const dir = await mkdtemp(join(tmpdir(), 'roadcall-redis-cluster-'));
  const ports = await clusterPorts(masters * (1 + replicas));
  const auth = options.requirePass ? ['--requirepass', options.requirePass, '--masterauth', options.requirePass] : [];
  const cliAuth = options.requirePass ? ['-a', options.requirePass, '--no-auth-warning'] : [];
  const children = new Map<number, ChildProcess>();
  const urlOf = (port: number): string =>
    options.requirePass ? `redis://:${encodeURIComponent(options.requirePass)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    await Promise.all(
      [...children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
    await rm(dir, { recursive: true, force: true });
  };

  /** Runs one command on a node with a short-lived connection. */
  const onNode = async <T>(port: number, command: (client: Redis) => Promise<T>): Promise<T> => {
    const client = new Redis(urlOf(port), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await command(client);
    } finally {
      client.disconnect();
    }
  };
  const alivePorts = (): number[] => ports.filter((port) => children.get(port)?.exitCode === null && !children.get(port)?.signalCode);

  const waitHealthy = async (timeoutMs = CLUSTER_READY_TIMEOUT_MS): Promise<void> => {
    await untilTrue(
      'the cluster did not reach cluster_state:ok with synced replicas',
      async () => {
        for (const port of alivePorts()) {
          const info = await onNode(port, (client) => client.cluster('INFO'));
          if (!String(info).includes('cluster_state:ok')) return false;
          const replication = await onNode(port, (client) => client.info('replication'));
          if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
        }
        return true;
      },
      timeoutMs,
    );
  };

  try {
    for (const port of ports) {
      const child = spawn(
        binary,
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          String(LOCAL_CLUSTER_NODE_TIMEOUT_MS),
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--protected-mode',
          'yes',
          ...auth,
        ],
        { stdio: 'ignore' },
      );
      child.on('error', () => undefined);
      children.set(port, child);
    }
    await Promise.all(ports.map((port) => waitForPing(urlOf(port))));
    await run('redis-cli', [
      ...cliAuth,
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]).catch((error: unknown) => {
      throw new EngineStartError('redis-cluster', `redis-cli --cluster create failed (is redis-cli installed?)`, { cause: error });
    });
    await waitHealthy();
  } catch (error) {
    await stop();
    throw error;
  }

  const first = ports[0] as number;
  // Every node is a seed: a client created after a failover must not depend on one node being up.
  const seedList = ports.map((port) => `127.0.0.1:${port}`).join(',');
  return {
    url: options.requirePass ? `redis://:${encodeURIComponent(options.requirePass)}@${seedList}` : `redis://${seedList}`,
    owned: true,
    get pid() {
      return children.get(first)?.pid;
    },
    get pids() {
      return [...children.values()].flatMap((child) => (child.pid ? [child.pid] : []));
    },
    get nodes() {
      return ports.map((port) => {
        const child = children.get(port);
        return { port, pid: child?.pid, alive: Boolean(child && child.exitCode === null && !child.signalCode) };
      });
    },
    masterPorts: async () => {
      const live = alivePorts();
      const text = String(await onNode(live[0] as number, (client) => client.cluster('NODES')));
      return text
        .split('\n')
        .map((line) => line.split(' '))
        .filter((parts) => {
          const flags = (parts[2] ?? '').split(',');
          return flags.includes('master') && !flags.includes('fail') && !flags.includes('fail?');
        })
        .map((parts) => Number((parts[1] ?? '').split('@')[0]?.split(':')[1]))
        .filter((port) => live.includes(port));
    },
    kill: async (port) => {
      const child = children.get(port);
      if (!child || child.exitCode !== null || child.signalCode) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    waitHealthy,
    stop,
  };
}
