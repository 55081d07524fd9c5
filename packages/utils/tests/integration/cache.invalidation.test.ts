import { once } from 'node:events';
import { CACHE_TIMINGS } from '@roadcall/contracts';
import type { InvalidationMessage } from '../../src/cache';
import { scanNodes } from '../../src/redis';
import { cleanPrefix, container, newRedis, type TestContainer, testNamespace, uniquePrefix } from './fixtures/cacheTestKit';

const prefix = uniquePrefix('inval');
const open: TestContainer[] = [];
const admin = newRedis();

/** Two containers of one namespace: separate connections, subscribers and L1s. */
async function pair(options: Partial<Parameters<typeof container>[0]> = {}): Promise<[TestContainer, TestContainer]> {
  const namespace = testNamespace();
  const a = await container({ prefix, namespace, ...options });
  const b = await container({ prefix, namespace, ...options });
  open.push(a, b);
  return [a, b];
}

/** Resolves with the next invalidation another container sends to `c`. */
function nextRemote(c: TestContainer): Promise<InvalidationMessage> {
  return once(c.cache.events, 'remote-invalidation').then(([message]) => message as InvalidationMessage);
}

/**
 * Resolves once another container's invalidations have named every one of `keys` (in any order,
 * over any number of messages): on a cluster, a PUBLISH reaches a subscriber on another node
 * after the publishing command has returned.
 */
function remoteKeys(c: TestContainer, keys: string[]): Promise<void> {
  const pending = new Set(keys);
  return new Promise((resolve) => {
    const listener = (message: InvalidationMessage): void => {
      if (message.op === 'keys') for (const key of message.keys) pending.delete(key);
      if (pending.size > 0) return;
      c.cache.events.off('remote-invalidation', listener);
      resolve();
    };
    c.cache.events.on('remote-invalidation', listener);
  });
}

async function warm(c: TestContainer, keys: string[]): Promise<void> {
  for (const key of keys) await c.cache.getOrSet(key, async () => `old-${key}`);
  for (const key of keys) expect(c.cache.peek(key)).toBe(`old-${key}`);
}

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await cleanPrefix(admin, prefix);
  await admin.quit();
});

describe("invalidation reaches every tier and other containers' L1", () => {
  it('by key (delete and set)', async () => {
    const [a, b] = await pair();
    await warm(a, ['k1', 'k2']);
    await warm(b, ['k1', 'k2']); // b's L1 now holds both (from L2)
    let received = nextRemote(b);
    await a.cache.delete('k1');
    expect(await received).toEqual({ op: 'keys', ns: a.cache.namespace, keys: ['k1'] });
    expect(b.cache.peek('k1')).toBeUndefined();
    expect(b.cache.peek('k2')).toBe('old-k2');
    expect(await b.cache.get('k1')).toBeUndefined();

    received = nextRemote(b);
    await a.cache.set('k2', 'new-k2');
    await received;
    expect(b.cache.peek('k2')).toBeUndefined();
    expect(await b.cache.get('k2')).toBe('new-k2');
  });

  it('by namespace (SCAN, never KEYS)', async () => {
    const [a, b] = await pair();
    await warm(a, ['x', 'y']);
    await warm(b, ['x', 'y']);
    const received = nextRemote(b);
    await a.cache.invalidateNamespace();
    await received;
    expect(b.cache.peek('x')).toBeUndefined();
    expect(await b.cache.get('y')).toBeUndefined();
    expect(await admin.exists(`${prefix}:${a.cache.namespace}:k:x`)).toBe(0);
  });

  it('by glob pattern', async () => {
    const [a, b] = await pair();
    await warm(a, ['vendor:1:profile', 'vendor:2:profile', 'search:cell9']);
    await warm(b, ['vendor:1:profile', 'vendor:2:profile', 'search:cell9']);
    const received = nextRemote(b);
    expect(await a.cache.invalidatePattern('vendor:*')).toBe(2);
    await received;
    expect(b.cache.peek('vendor:1:profile')).toBeUndefined();
    expect(b.cache.peek('vendor:2:profile')).toBeUndefined();
    expect(b.cache.peek('search:cell9')).toBe('old-search:cell9');
    expect(await b.cache.get('vendor:2:profile')).toBeUndefined();
    expect(await b.cache.get('search:cell9')).toBe('old-search:cell9');
  });

  it('by tag, through the tag set (no scans)', async () => {
    const [a, b] = await pair();
    // Each set tells other containers to drop the key; b reads only after all three reached it,
    // so a late one can neither evict what b then reads nor pass for the tag's message below.
    const setsReachedB = remoteKeys(b, ['p1', 'p2', 'p3']);
    await a.cache.set('p1', 'one', { tags: ['vendor:7'] });
    await a.cache.set('p2', 'two', { tags: ['vendor:7', 'region:eu'] });
    await a.cache.set('p3', 'three', { tags: ['region:eu'] });
    await setsReachedB;
    for (const key of ['p1', 'p2', 'p3']) await b.cache.get(key);
    expect(b.cache.peek('p2')).toBe('two');
    const received = nextRemote(b);
    expect(await a.cache.invalidateTag('vendor:7')).toBe(2);
    expect(await received).toMatchObject({ op: 'tag', tag: 'vendor:7' });
    expect(b.cache.peek('p1')).toBeUndefined();
    expect(b.cache.peek('p2')).toBeUndefined();
    expect(b.cache.peek('p3')).toBe('three');
    expect(await b.cache.get('p2')).toBeUndefined();
    expect(await admin.exists(`${prefix}:${a.cache.namespace}:t:vendor:7`)).toBe(0);
    const regionTtl = await admin.pttl(`${prefix}:${a.cache.namespace}:t:region:eu`);
    expect(regionTtl).toBeGreaterThan(0); // tag sets expire with their entries
  });
});

describe('bounded staleness when the pub/sub message is missed', () => {
  it(`no L1 entry outlives the cap (${CACHE_TIMINGS.l1MaxTtlSeconds} s) even with a 5-minute TTL`, async () => {
    let now = Date.now();
    const namespace = testNamespace({ ttlSeconds: 300 });
    // b never hears invalidations (no subscriber): the worst case for a container.
    const a = await container({ prefix, namespace, clock: () => now });
    const b = await container({ prefix, namespace, clock: () => now, subscriber: false });
    open.push(a, b);
    await a.cache.set('flag', 'on');
    expect(await b.cache.get('flag')).toBe('on');
    await a.cache.set('flag', 'off');
    expect(await b.cache.get('flag')).toBe('on'); // stale in b's L1: the message was missed
    now += CACHE_TIMINGS.l1MaxTtlSeconds * 1000 - 1;
    expect(b.cache.peek('flag')).toBe('on');
    now += 1;
    expect(b.cache.peek('flag')).toBeUndefined();
    expect(await b.cache.get('flag')).toBe('off');
  });

  it('clears L1 when the subscriber reconnects (messages sent meanwhile are lost)', async () => {
    const name = `cache-test-sub-${Date.now()}`;
    // ioredis names the connection on every (re)connect; on a Cluster, its subscription connection
    // is named `ioredis-cluster(subscriber):<name>` and lives on whichever node it picked.
    const subscriber = newRedis(undefined, { connectionName: name });
    const b = await container({ prefix, namespace: testNamespace(), subscriber });
    open.push(b);
    await warm(b, ['r1']);
    const cleared = nextRemote(b);
    // Kill only b's subscriber connection, server-side; ioredis reconnects and resubscribes.
    let killed = 0;
    for (const node of scanNodes(admin)) {
      const lines = ((await node.client('LIST')) as string).split('\n');
      const line = lines.find((entry) => entry.includes(name) && /\bsub=[1-9]/.test(entry));
      const id = line ? /id=(\d+)/.exec(line)?.[1] : undefined;
      if (id) killed += Number(await node.client('KILL', 'ID', id));
    }
    // At least b's subscription was cut (on a Cluster, ioredis may hold a second subscribed
    // connection under the same name while it moves its subscriber between nodes).
    expect(killed).toBeGreaterThanOrEqual(1);
    expect(await cleared).toEqual({ op: 'namespace', ns: b.cache.namespace });
    expect(b.cache.peek('r1')).toBeUndefined();
    subscriber.disconnect();
  });
});
