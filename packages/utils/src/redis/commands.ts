import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './types';

/** One command for {@link runBatch}: its name and arguments (keys first, as Redis wants them). */
export type RedisCommand = [name: string, ...args: Array<string | number>];

/** True for an ioredis Cluster (ioredis sets `isCluster` on both kinds of client). */
export function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster === true;
}

/** The nodes a SCAN must walk: every master of a cluster, or the one server. */
export function scanNodes(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/**
 * Runs commands in one round trip per node and returns their replies (the first error throws).
 * Standalone: one pipeline. Cluster: ioredis rejects a pipeline whose keys live on two nodes, so
 * the commands go out concurrently and the cluster client (created with `enableAutoPipelining`)
 * pipelines them per node: still one round trip per shard, whatever their slots.
 *
 * @example
 * const [a, b] = await runBatch(redis, [['get', 'a'], ['zrem', 'offers:{v1}', 'inc-1']]);
 */
export async function runBatch(client: RedisClient, commands: ReadonlyArray<RedisCommand>): Promise<unknown[]> {
  if (commands.length === 0) return [];
  if (isCluster(client)) return Promise.all(commands.map(([name, ...args]) => client.call(name, ...args)));
  const results = await client.pipeline(commands.map((command) => [...command])).exec();
  if (!results) throw new Error('Redis pipeline aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** Keys grouped by hash slot, in first-seen order (a multi-key command in a cluster needs one slot). */
export function groupBySlot(keys: ReadonlyArray<string>): string[][] {
  const groups = new Map<number, string[]>();
  for (const key of keys) {
    const slot = calculateSlot(key);
    const group = groups.get(slot);
    if (group) group.push(key);
    else groups.set(slot, [key]);
  }
  return [...groups.values()];
}

/**
 * MGET that works on a cluster: one MGET per slot there (concurrent, auto-pipelined per node),
 * values back in the order of `keys`; one plain MGET on a standalone server.
 */
export async function mgetAny(client: RedisClient, keys: ReadonlyArray<string>): Promise<Array<string | null>> {
  if (keys.length === 0) return [];
  if (!isCluster(client)) return client.mget(...keys);
  const groups = groupBySlot(keys);
  if (groups.length === 1) return client.mget(...keys);
  const replies = await Promise.all(groups.map((group) => client.mget(...group)));
  const byKey = new Map<string, string | null>();
  groups.forEach((group, index) => {
    for (const [position, key] of group.entries()) byKey.set(key, replies[index]?.[position] ?? null);
  });
  return keys.map((key) => byKey.get(key) ?? null);
}

/** UNLINK that works on a cluster (one UNLINK per slot there); returns how many keys existed. */
export async function unlinkAny(client: RedisClient, keys: ReadonlyArray<string>): Promise<number> {
  if (keys.length === 0) return 0;
  if (!isCluster(client)) return client.unlink(...keys);
  const counts = await Promise.all(groupBySlot(keys).map((group) => client.unlink(...group)));
  return counts.reduce((total, count) => total + count, 0);
}

/**
 * Walks every key matching `pattern` with SCAN (never KEYS), on every master of a cluster (a SCAN
 * cursor belongs to one node), one page at a time.
 *
 * @example
 * for await (const keys of scanAll(redis, 'rc:dev:trk:{*}:buf')) await flush(keys);
 */
export async function* scanAll(client: RedisClient, pattern: string, count = 500): AsyncGenerator<string[]> {
  for (const node of scanNodes(client)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}
