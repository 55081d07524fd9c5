import { randomUUID } from 'node:crypto';
import { ENV, SSE_CONNECTION_STALE_SECONDS } from '@roadcall/contracts';
import { redisClient } from '../redis/client';
import { DEFAULT_KEY_PREFIX } from './constants';
import { CONTAINER_ID } from './container';

/** The Redis commands the connection registry needs (a sorted set scored by last renewal). */
export interface SseConnectionsStore {
  zadd(key: string, ...scoreMembers: Array<string | number>): Promise<unknown>;
  zrem(key: string, ...members: string[]): Promise<unknown>;
  zremrangebyscore(key: string, min: string | number, max: string | number): Promise<unknown>;
  zrange(key: string, start: number, stop: number): Promise<string[]>;
}

/** Open SSE connections across containers: in total, per route and per user (most connected first). */
export interface SseConnectionsReport {
  readonly total: number;
  readonly byRoute: Readonly<Record<string, number>>;
  readonly byUser: ReadonlyArray<{ readonly userId: string; readonly connections: number }>;
  /** Containers holding at least one open connection. */
  readonly containers: number;
}

/** Users listed in `byUser` (the rest are in the totals only). */
export const SSE_TOP_USERS = 50;
const STALE_MS = SSE_CONNECTION_STALE_SECONDS * 1000;
/** Each container renews its entries this often: three renewals fit in the stale window. */
const RENEW_MS = STALE_MS / 3;

interface OpenConnection {
  readonly route: string;
  readonly member: string;
  /** The sorted set's key prefix, fixed when the connection opened. */
  readonly prefix: string;
  /** A store the caller passed; unset: the shared client, looked up at each use. */
  readonly store?: SseConnectionsStore;
}

const open = new Map<string, OpenConnection>();
let renewTimer: NodeJS.Timeout | undefined;

/** The sorted set's key, under the metrics prefix (the metrics keyspace). */
export function sseConnectionsKey(prefix: string): string {
  return `${prefix}:sse:connections`;
}

const defaultPrefix = (): string => process.env[ENV.metricsKeyPrefix] || DEFAULT_KEY_PREFIX;
const defaultStore = (): SseConnectionsStore | undefined =>
  process.env[ENV.redisUrl] ? (redisClient() as unknown as SseConnectionsStore) : undefined;

/**
 * The store a connection writes through, looked up at each use: the shared client may have been
 * closed and recreated since the connection opened (a kept reference would write to a dead one).
 */
function storeOf(connection: OpenConnection): SseConnectionsStore | undefined {
  if (connection.store) return connection.store;
  try {
    return defaultStore();
  } catch {
    return undefined;
  }
}

/** Member: route|container|connection|user, so a reader can group by route and by user without another read. */
const memberOf = (route: string, connectionId: string, userId: string): string => `${route}|${CONTAINER_ID}|${connectionId}|${userId}`;

/**
 * Renews every open connection's entry (what the timer does every SSE_CONNECTION_STALE_SECONDS / 3):
 * one ZADD per store and key, through the store each connection resolves to now. Never throws.
 *
 * @example
 * renewSseConnections(); // after the shared Redis client was recreated, the entries are current again
 */
export function renewSseConnections(): Promise<void> {
  const now = Date.now();
  const batches = new Map<SseConnectionsStore, Map<string, Array<string | number>>>();
  for (const connection of open.values()) {
    const store = storeOf(connection);
    if (!store) continue;
    const byKey = batches.get(store) ?? batches.set(store, new Map()).get(store);
    const key = sseConnectionsKey(connection.prefix);
    byKey?.set(key, [...(byKey.get(key) ?? []), now, connection.member]);
  }
  const writes: Array<Promise<unknown>> = [];
  for (const [store, byKey] of batches) {
    for (const [key, args] of byKey) writes.push(store.zadd(key, ...args).catch(() => undefined));
  }
  return Promise.all(writes).then(() => undefined);
}

/**
 * Counts one open SSE connection until the returned release is called: in this container
 * (`localSseConnections`, EMF) and across containers (a Redis sorted set renewed every
 * SSE_CONNECTION_STALE_SECONDS / 3; an entry a lost container left behind goes stale and is pruned).
 * Never throws and never waits: a Redis outage loses the cross-container count, not the stream.
 *
 * @example
 * const release = trackSseConnection('platform.events', auth.userId);
 * try { await stream(); } finally { release(); }
 */
export function trackSseConnection(
  route: string,
  userId: string,
  options: { store?: SseConnectionsStore; prefix?: string } = {},
): () => void {
  const connectionId = randomUUID().slice(0, 12);
  const connection: OpenConnection = {
    route,
    member: memberOf(route, connectionId, userId),
    prefix: options.prefix ?? defaultPrefix(),
    ...(options.store ? { store: options.store } : {}),
  };
  open.set(connectionId, connection);
  const store = storeOf(connection);
  void store?.zadd(sseConnectionsKey(connection.prefix), Date.now(), connection.member).catch(() => undefined);
  if (store && !renewTimer) {
    renewTimer = setInterval(() => void renewSseConnections(), RENEW_MS);
    renewTimer.unref();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    open.delete(connectionId);
    void storeOf(connection)
      ?.zrem(sseConnectionsKey(connection.prefix), connection.member)
      .catch(() => undefined);
    if (open.size === 0 && renewTimer) {
      clearInterval(renewTimer);
      renewTimer = undefined;
    }
  };
}

/** This container's open SSE connections per route (for EMF and the container row). */
export function localSseConnections(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const connection of open.values()) counts[connection.route] = (counts[connection.route] ?? 0) + 1;
  return counts;
}

/**
 * Open connections across every container: prunes the stale entries first, then groups.
 *
 * @example
 * const { total, byUser } = await readSseConnections(redisClient(), metricsKeyPrefix());
 */
export async function readSseConnections(store: SseConnectionsStore, prefix: string, now = Date.now()): Promise<SseConnectionsReport> {
  const key = sseConnectionsKey(prefix);
  await store.zremrangebyscore(key, '-inf', now - STALE_MS);
  const members = await store.zrange(key, 0, -1);
  const byRoute: Record<string, number> = {};
  const byUser = new Map<string, number>();
  const containers = new Set<string>();
  for (const member of members) {
    const [route, container, , ...user] = member.split('|');
    if (!route || !container) continue;
    const userId = user.join('|');
    byRoute[route] = (byRoute[route] ?? 0) + 1;
    byUser.set(userId, (byUser.get(userId) ?? 0) + 1);
    containers.add(container);
  }
  return {
    total: members.length,
    byRoute,
    byUser: [...byUser.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, SSE_TOP_USERS)
      .map(([userId, connections]) => ({ userId, connections })),
    containers: containers.size,
  };
}
