import { TABLES } from '@roadcall/contracts';
import { CacheIsolationError, createCache, userScopedKey } from '../../src/cache';
import { NotFoundError } from '../../src/errors';
import { cleanPrefix, container, newRedis, type TestContainer, testNamespace, uniquePrefix } from './fixtures/cacheTestKit';

const prefix = uniquePrefix('tiers');
const open: TestContainer[] = [];
const admin = newRedis();

async function make(options: Parameters<typeof container>[0]): Promise<TestContainer> {
  const made = await container({ prefix, ...options });
  open.push(made);
  return made;
}

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await cleanPrefix(admin, prefix);
  await admin.quit();
});

describe('L1 (in-process LRU)', () => {
  it('expires entries by TTL on the cache clock', async () => {
    let now = 1_000_000;
    const cache = createCache({ namespace: testNamespace({ ttlSeconds: 5, tiers: ['memory'] }), clock: () => now });
    let calls = 0;
    const load = async () => ++calls;
    expect(await cache.getOrSet('k', load)).toBe(1);
    now += 4_999;
    expect(await cache.getOrSet('k', load)).toBe(1);
    now += 1;
    expect(await cache.getOrSet('k', load)).toBe(2);
    expect(cache.peek('k')).toBe(2);
    await cache.close();
  });

  it('evicts least recently used entries by count and by bytes, and counts evictions', async () => {
    const byCount = createCache({ namespace: testNamespace({ tiers: ['memory'] }), maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await byCount.set(key, key);
    expect(byCount.peek('a')).toBe('a'); // a is now the most recent
    await byCount.set('d', 'd');
    expect(byCount.peek('b')).toBeUndefined();
    expect(byCount.peek('a')).toBe('a');
    expect(byCount.metrics().tiers.l1.evictions).toBe(1);
    expect(byCount.metrics().l1Size).toBe(3);

    const bySize = createCache({ namespace: testNamespace({ tiers: ['memory'] }), maxBytes: 1_000 });
    const big = 'x'.repeat(400);
    await bySize.set('one', big);
    await bySize.set('two', big);
    await bySize.set('three', big);
    expect(bySize.peek('one')).toBeUndefined();
    expect(bySize.peek('three')).toBe(big);
    expect(bySize.metrics().l1Bytes).toBeLessThanOrEqual(1_000);
    expect(bySize.metrics().tiers.l1.evictions).toBe(1);
    await byCount.close();
    await bySize.close();
  });
});

describe('L2 (Redis) and tier backfill', () => {
  it('serves from L2 to another container, backfills its L1, and reports the tier', async () => {
    const namespace = testNamespace();
    const a = await make({ namespace });
    const b = await make({ namespace });
    const first = await a.cache.getOrSetEntry('vendor:1', async () => ({ id: 'v1', rating: 4.5 }));
    expect(first.source).toBe('MISS');
    const second = await b.cache.getOrSetEntry('vendor:1', async () => {
      throw new Error('must not run: L2 has it');
    });
    expect(second).toMatchObject({ source: 'HIT-L2', value: { id: 'v1', rating: 4.5 } });
    expect((await b.cache.getOrSetEntry('vendor:1', async () => null)).source).toBe('HIT-L1');
    const pttl = await admin.pttl(`${prefix}:${namespace.name}:k:vendor:1`);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);

    const metrics = b.cache.metrics();
    expect(metrics.tiers.l2.hits).toBe(1);
    expect(metrics.tiers.l1.hits).toBe(1);
    expect(metrics.tiers.l1.misses).toBe(2); // a's cold miss and b's first read
    expect(metrics.factoryRuns).toBe(1);
    expect(metrics.hitRatio).toBeCloseTo(2 / 3);
  });

  it('expires L2 entries by their logical TTL too (fake clock), and mget/mset in one round trip', async () => {
    let now = Date.now();
    const namespace = testNamespace({ ttlSeconds: 30 });
    const a = await make({ namespace, tiers: { memory: false }, clock: () => now });
    await a.cache.mset([
      ['m1', { n: 1 }],
      ['m2', { n: 2 }],
    ]);
    expect(await a.cache.mget(['m1', 'missing', 'm2'])).toEqual([{ n: 1 }, undefined, { n: 2 }]);
    now += 30_001;
    expect(await a.cache.mget(['m1', 'm2'])).toEqual([undefined, undefined]);
    expect(await a.cache.get('m1')).toBeUndefined();
  });

  it('inspects an entry with every one of its tags, wherever their tag sets live', async () => {
    // Twelve tag sets: on a Cluster their slots spread over every master, and the entry's own
    // slot is on one of them; the inspection must walk them all, not the node it happens to ask.
    const tags = Array.from({ length: 12 }, (_, index) => `tag-${index}`);
    const a = await make({ namespace: testNamespace(), tiers: { memory: false } });
    await a.cache.set('tagged', { n: 1 }, { tags });
    const found = await a.cache.inspect('tagged');
    expect(found?.tiers).toEqual(['redis']);
    expect([...(found?.tags ?? [])].sort()).toEqual([...tags].sort());
  });

  it('caches not-found (undefined and NotFoundError) when negative caching is on', async () => {
    const { cache } = await make({ namespace: testNamespace() });
    let calls = 0;
    const missing = async () => {
      calls++;
      return undefined;
    };
    expect(await cache.getOrSet('nothing', missing)).toBeUndefined();
    expect(await cache.getOrSet('nothing', missing)).toBeUndefined();
    expect(calls).toBe(2); // not cached without `negative`
    expect(await cache.getOrSet('nothing', missing, { negative: true })).toBeUndefined();
    expect(await cache.getOrSet('nothing', missing, { negative: true })).toBeUndefined();
    expect(calls).toBe(3);

    let thrown = 0;
    const notFound = async (): Promise<string> => {
      thrown++;
      throw new NotFoundError('vendor v9 not found');
    };
    await expect(cache.getOrSet('v9', notFound, { negative: { ttlSeconds: 10 } })).rejects.toThrow('vendor v9 not found');
    await expect(cache.getOrSet('v9', notFound, { negative: { ttlSeconds: 10 } })).rejects.toBeInstanceOf(NotFoundError);
    expect(thrown).toBe(1);
  });

  it('serves stale within grace when the factory fails or is slower than the soft timeout', async () => {
    let now = Date.now();
    const { cache } = await make({ namespace: testNamespace({ ttlSeconds: 10 }), clock: () => now });
    await cache.set('quote', 'v1', { graceSeconds: 60 });
    now += 11_000;
    const failed = await cache.getOrSetEntry('quote', async () => {
      throw new Error('source down');
    });
    expect(failed).toMatchObject({ value: 'v1', stale: true });

    let finish: (value: string) => void = () => undefined;
    const slow = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const served = await cache.getOrSetEntry('quote', () => slow, { softTimeoutMs: 20, graceSeconds: 60 });
    expect(served).toMatchObject({ value: 'v1', stale: true });
    finish('v2');
    await slow;
    // The background refresh lands a few ticks after the factory resolves: observe it through the value.
    let refreshed: string | undefined;
    for (let attempt = 0; attempt < 50 && refreshed !== 'v2'; attempt++) {
      refreshed = await cache.get<string>('quote');
      if (refreshed !== 'v2') await new Promise((resolve) => setImmediate(resolve));
    }
    expect(refreshed).toBe('v2');
    expect(cache.metrics().staleServed).toBe(2);
  });
});

describe('per-user isolation', () => {
  it("rejects unscoped keys in per-user namespaces and never serves one user another user's entry", async () => {
    const { cache } = await make({ namespace: testNamespace({ perUser: true }) });
    await expect(cache.getOrSet('integrations', async () => 'shared')).rejects.toBeInstanceOf(CacheIsolationError);
    await expect(cache.set('integrations', 'x')).rejects.toBeInstanceOf(CacheIsolationError);
    const alice = { userId: 'alice' };
    const bob = { userId: 'bob' };
    expect(await cache.getOrSet(userScopedKey(alice, 'integrations'), async () => ['alice-slack'])).toEqual(['alice-slack']);
    expect(await cache.getOrSet(userScopedKey(bob, 'integrations'), async () => ['bob-github'])).toEqual(['bob-github']);
    // Ids that try to forge a separator or a tenant cannot collide with another user's key.
    expect(userScopedKey({ userId: 'a:b' }, 'x')).not.toBe(userScopedKey({ userId: 'b', tenantId: 'a' }, 'x'));
    expect(userScopedKey({ userId: 'alice*' }, 'x')).not.toContain('*');
    expect(() => userScopedKey(undefined, 'x')).toThrow(CacheIsolationError);
  });
});

describe('L3 (DynamoDB cache table)', () => {
  it('serves from L3 when Redis and L1 miss, ignores expired items and honours bulk invalidation', async () => {
    let now = Date.now();
    const namespace = testNamespace({ ttlSeconds: 60, tiers: ['memory', 'redis', 'dynamodb'] });
    const tableName = process.env[TABLES.cache.envVar];
    expect(tableName).toBeTruthy();
    const writer = await make({ namespace, clock: () => now });
    expect(writer.cache.tiers.dynamodb).toBe(true);
    await writer.cache.set('report:7', { total: 7 });

    const l3Only = createCache({ namespace, prefix, tiers: { memory: false, redis: false }, clock: () => now });
    expect(await l3Only.getEntry('report:7')).toMatchObject({ source: 'HIT-L3', value: { total: 7 } });
    // A container whose Redis lost the key is refilled from L3 (and backfills Redis).
    await admin.unlink(`${prefix}:${namespace.name}:k:report:7`);
    const reader = await make({ namespace, clock: () => now });
    expect((await reader.cache.getEntry('report:7'))?.source).toBe('HIT-L3');
    expect(await admin.exists(`${prefix}:${namespace.name}:k:report:7`)).toBe(1);

    now += 61_000; // past the TTL attribute: DynamoDB has not deleted it, reads must ignore it
    expect(await l3Only.getEntry('report:7')).toBeUndefined();
    now -= 61_000;
    expect((await l3Only.getEntry('report:7'))?.source).toBe('HIT-L3');
    now += 5;
    await writer.cache.invalidateTag('reports');
    now += 5;
    expect(await l3Only.getEntry('report:7')).toBeUndefined();
    await l3Only.close();
  });
});
