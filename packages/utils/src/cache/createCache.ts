import { CACHE_TIMINGS, type CacheNamespace, ENV, findCacheNamespace, TABLES } from '@roadcall/contracts';
import { lazyDocumentClient } from '../aws';
import { stage } from '../config';
import { createRedisClient, type RedisClient } from '../redis';
import { InvalidationBus } from './bus';
import { coarseNow } from './clock';
import { DEFAULT_L1_MAX_BYTES, DEFAULT_L1_MAX_ENTRIES, DEFAULT_L2_TIMEOUT_MS, INVALIDATION_CHANNEL } from './constants';
import { DynamoTier } from './dynamoTier';
import { CacheConfigError } from './errors';
import { RedisTier } from './redisTier';
import { TieredCache } from './tieredCache';
import type { CacheOptions } from './types';

/** Per Redis client: its breaker-guarded tier and its invalidation bus, shared by its caches. */
interface SharedRedis {
  readonly tier: RedisTier;
  readonly bus: InvalidationBus | undefined;
  users: number;
}

const shared = new WeakMap<RedisClient, SharedRedis>();

function resolveNamespace(namespace: CacheOptions['namespace']): CacheNamespace {
  if (typeof namespace === 'object') return namespace;
  const found = findCacheNamespace(namespace);
  if (!found) throw new CacheConfigError(`Unknown cache namespace "${namespace}": add it to CACHE_NAMESPACES in @roadcall/contracts`);
  return found;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

let processRedis: RedisClient | undefined;

/**
 * The process's cache Redis client (REDIS_URL), or `undefined` when REDIS_URL is unset (the cache
 * then runs without L2). Commands time out after the L2 timeout and are not retried: a slow or
 * dead Redis must fail fast so the breaker can route around it.
 */
export function cacheRedisClient(): RedisClient | undefined {
  if (processRedis) return processRedis;
  if (!process.env[ENV.redisUrl]) return undefined;
  processRedis = createRedisClient(undefined, { commandTimeout: DEFAULT_L2_TIMEOUT_MS, maxRetriesPerRequest: 0 });
  return processRedis;
}

function acquireShared(redis: RedisClient, options: CacheOptions, channel: string): SharedRedis {
  let entry = shared.get(redis);
  if (!entry) {
    const subscriber = options.subscriber === false ? undefined : (options.subscriber ?? redis.duplicate());
    if (subscriber) subscriber.on('error', () => undefined);
    entry = {
      tier: new RedisTier(redis, options.breakerResetMs),
      bus: subscriber ? new InvalidationBus(subscriber, channel, options.subscriber === undefined) : undefined,
      users: 0,
    };
    shared.set(redis, entry);
  }
  entry.users++;
  return entry;
}

async function releaseShared(redis: RedisClient): Promise<void> {
  const entry = shared.get(redis);
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  shared.delete(redis);
  entry.tier.dispose();
  await entry.bus?.close();
}

/**
 * Creates a tiered cache for one namespace of the contracts' catalog. Tiers default to the
 * namespace's `tiers`; L2 is on when a Redis client is given or REDIS_URL is set; L3 when the
 * namespace lists `dynamodb` and CACHE_TABLE (or `tableName`) is set.
 *
 * @example
 * const vendors = createCache({ namespace: 'vendorProfile' });
 * const profile = await vendors.getOrSet(cacheKey('vendor', id), () => repo.get(id), { tags: [`vendor:${id}`] });
 */
export function createCache(options: CacheOptions): TieredCache {
  const spec = resolveNamespace(options.namespace);
  const wants = (tier: 'memory' | 'redis' | 'dynamodb', explicit: boolean | undefined): boolean => explicit ?? spec.tiers.includes(tier);
  const prefix = options.prefix ?? `rc:${stage()}`;
  const clock = options.clock ?? coarseNow;

  const redis = wants('redis', options.tiers?.redis) ? (options.redis ?? cacheRedisClient()) : undefined;
  const sharedRedis = redis ? acquireShared(redis, options, `${prefix}:${INVALIDATION_CHANNEL}`) : undefined;

  let l3: DynamoTier | undefined;
  if (wants('dynamodb', options.tiers?.dynamodb)) {
    const table = options.tableName ?? process.env[TABLES.cache.envVar];
    if (table) l3 = new DynamoTier(options.dynamo ?? lazyDocumentClient, table, `${prefix}:${spec.name}:__invalidated__`, clock);
    else if (options.tiers?.dynamodb) {
      throw new CacheConfigError(`Cache ${spec.name}: the DynamoDB tier needs ${TABLES.cache.envVar} or the tableName option`);
    }
  }

  return new TieredCache({
    spec,
    prefix,
    clock,
    l1: wants('memory', options.tiers?.memory)
      ? {
          maxEntries: options.maxEntries ?? positiveInt(process.env[ENV.cacheMaxSize], DEFAULT_L1_MAX_ENTRIES),
          maxBytes: options.maxBytes ?? positiveInt(process.env[ENV.cacheMaxBytes], DEFAULT_L1_MAX_BYTES),
        }
      : undefined,
    l2: sharedRedis?.tier,
    bus: sharedRedis?.bus,
    l3,
    lockTtlMs: options.lockTtlMs ?? CACHE_TIMINGS.lockTtlMs,
    lockWaitMs: options.lockWaitMs ?? CACHE_TIMINGS.lockWaitMs,
    onClose: redis ? () => releaseShared(redis) : undefined,
  });
}

const registry = new Map<string, TieredCache>();

/**
 * The process's cache for a namespace (created on first use with the defaults, then reused): what
 * services and the HTTP middleware use.
 *
 * @example
 * const flags = await getCache('featureFlags').getOrSet('all', loadFlags);
 */
export function getCache(namespace: string): TieredCache {
  const spec = resolveNamespace(namespace);
  let cache = registry.get(spec.name);
  if (!cache) {
    cache = createCache({ namespace: spec });
    registry.set(spec.name, cache);
  }
  return cache;
}

/** Closes every cache made by {@link getCache} and the process's cache Redis client (tests, shutdown). */
export async function closeCaches(): Promise<void> {
  const caches = [...registry.values()];
  registry.clear();
  await Promise.all(caches.map((cache) => cache.close()));
  const client = processRedis;
  processRedis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
