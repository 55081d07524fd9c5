/**
 * `pnpm bench cache`: the tiered cache against raw lru-cache, bentocache (L1 only, L2 only,
 * L1+L2), cache-manager 7 multi-tier (Keyv memory + @keyv/redis) and raw ioredis GET/MGET. One
 * run, one private redis-server, sequential awaited operations (latency-bound, like a handler).
 * Figures are medians of 5 timed rounds after a warm-up round (benchmarks/support/stats).
 * Ours is measured on the path every product route takes: `getOrSetEntry` (the value with its
 * source, for X-Cache), on hits in each tier and on a miss (a cold key with two tags: the read
 * that takes the lock, the factory, the write that tags and unlocks) against the floor of any
 * cache-aside miss, a raw GET then SET.
 */
import KeyvRedis from '@keyv/redis';
import { spawnRedisServer } from '@roadcall/local';
import { createCache } from '@roadcall/utils/cache';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisDriver } from 'bentocache/drivers/redis';
import { createCache as createCacheManager } from 'cache-manager';
import Redis from 'ioredis';
import { Keyv } from 'keyv';
import { LRUCache } from 'lru-cache';
import { report } from './support/report';
import { median } from './support/stats';

/**
 * Ops/s of `ours` and `baseline`, measured in alternating rounds (ours, baseline, ours, ...) so that
 * both see the same noise on a shared 2-core machine; medians of `rounds` rounds after a warm-up.
 */
async function paired(ours: () => unknown, baseline: () => unknown, ops: number, rounds = 7): Promise<[number, number]> {
  const rate = async (fn: () => unknown): Promise<number> => {
    const started = performance.now();
    for (let index = 0; index < ops; index++) await fn();
    return (ops / (performance.now() - started)) * 1000;
  };
  await rate(ours);
  await rate(baseline);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    a.push(await rate(ours));
    b.push(await rate(baseline));
  }
  return [median(a), median(b)];
}

const L1_OPS = 100_000;
const L2_OPS = 2_000;
const MGET_OPS = 500;
const MGET_KEYS = 100;
const VALUE = {
  id: 'vendor-42',
  name: 'Roadside Rescue Co',
  rating: 4.7,
  services: ['tow', 'jump-start', 'tire'],
  location: { lat: 52.52, lon: 13.405 },
};
const NAMESPACE = { name: 'bench', ttlSeconds: 3600, tiers: ['memory', 'redis'], description: 'benchmark' } as const;

async function main(): Promise<void> {
  const server = await spawnRedisServer();
  const clients: Redis[] = [];
  const client = (): Redis => {
    const made = new Redis(server.url, { maxRetriesPerRequest: 0 });
    clients.push(made);
    return made;
  };
  const factory = async () => VALUE;
  const figures: Record<string, number> = {};
  try {
    // ---- setup: every contender holds the same value under the same key
    const lru = new LRUCache<string, object>({ max: 1000 });
    lru.set('k', VALUE);
    const raw = client();
    await raw.set('raw:k', JSON.stringify(VALUE));
    const mgetKeys = Array.from({ length: MGET_KEYS }, (_, index) => `raw:m${index}`);
    await raw.mset(Object.fromEntries(mgetKeys.map((key) => [key, JSON.stringify(VALUE)])));

    const oursL1 = createCache({ namespace: NAMESPACE, redis: client(), prefix: 'ours-l1' }); // L1 + L2
    await oursL1.ready;
    await oursL1.set('k', VALUE);
    const oursL2 = createCache({ namespace: NAMESPACE, redis: client(), prefix: 'ours-l2', tiers: { memory: false } });
    await oursL2.set('k', VALUE);
    const oursKeys = Array.from({ length: MGET_KEYS }, (_, index) => `m${index}`);
    await oursL2.mset(oursKeys.map((key) => [key, VALUE] as const));

    const bento = new BentoCache({
      default: 'l1',
      stores: {
        l1: bentostore().useL1Layer(memoryDriver({ maxItems: 1000 })),
        l2: bentostore().useL2Layer(redisDriver({ connection: client() })),
        both: bentostore()
          .useL1Layer(memoryDriver({ maxItems: 1000 }))
          .useL2Layer(redisDriver({ connection: client() })),
      },
    });
    for (const store of ['l1', 'l2', 'both'] as const) await bento.use(store).set({ key: 'k', value: VALUE, ttl: '1h' });
    const keyvRedis = new KeyvRedis(server.url);
    const manager = createCacheManager({ stores: [new Keyv(), new Keyv({ store: keyvRedis, namespace: 'cm' })] });
    await manager.set('k', VALUE, 3_600_000);

    // ---- paired measurements
    [figures.oursL1Get, figures.rawLruGet] = await paired(
      () => oursL1.get('k'),
      () => lru.get('k'),
      L1_OPS,
    );
    [figures.oursL1Peek, figures.rawLruGetVsPeek] = await paired(
      () => oursL1.peek('k'),
      () => lru.get('k'),
      L1_OPS,
    );
    [figures.oursL1GetOrSet, figures.bentoL1GetOrSet] = await paired(
      () => oursL1.getOrSetEntry('k', factory),
      () => bento.use('l1').getOrSet({ key: 'k', factory, ttl: '1h' }),
      L1_OPS / 4,
    );
    [figures.oursL2GetOrSet, figures.bentoL2GetOrSet] = await paired(
      () => oursL2.getOrSetEntry('k', factory),
      () => bento.use('l2').getOrSet({ key: 'k', factory, ttl: '1h' }),
      L2_OPS,
    );
    [figures.oursL2GetOrSetVsRaw, figures.rawIoredisGet] = await paired(
      () => oursL2.getOrSetEntry('k', factory),
      () => raw.get('raw:k'),
      L2_OPS,
    );
    // A miss: every op a key never seen (L1 off), with two tags, against raw GET + SET PX.
    let missKey = 0;
    let rawMissKey = 0;
    const oursMissCache = createCache({ namespace: NAMESPACE, redis: client(), prefix: 'ours-miss', tiers: { memory: false } });
    [figures.oursMissGetOrSetEntry, figures.rawGetThenSet] = await paired(
      () => oursMissCache.getOrSetEntry(`miss-${missKey++}`, factory, { tags: ['cell-a', 'cell-b'] }),
      async () => {
        const key = `raw:miss-${rawMissKey++}`;
        if ((await raw.get(key)) === null) await raw.set(key, JSON.stringify(await factory()), 'PX', 3_600_000);
      },
      L2_OPS,
    );
    [figures.oursMget100, figures.rawIoredisMget100] = await paired(
      () => oursL2.mget(oursKeys),
      () => raw.mget(mgetKeys),
      MGET_OPS,
    );
    // The floor of any read that returns objects: MGET plus the JSON.parse a caller needs, paired
    // with raw MGET (strings, nothing decoded) and with our mget, each in alternating rounds.
    const mgetParsed = async () => (await raw.mget(mgetKeys)).map((value: string | null) => JSON.parse(value as string));
    [figures.rawIoredisMget100Parsed, figures.rawIoredisMget100VsParsed] = await paired(mgetParsed, () => raw.mget(mgetKeys), MGET_OPS);
    [figures.oursMget100VsParsed, figures.rawIoredisMget100ParsedVsOurs] = await paired(() => oursL2.mget(oursKeys), mgetParsed, MGET_OPS);
    // Context, not a target: the same mget with the default tiers once L1 holds the keys.
    await oursL1.mset(oursKeys.map((key) => [key, VALUE] as const));
    [figures.oursMget100L1, figures.rawIoredisMget100VsL1] = await paired(
      () => oursL1.mget(oursKeys),
      () => raw.mget(mgetKeys),
      MGET_OPS,
    );
    [figures.oursL1L2GetOrSet, figures.bentoL1L2GetOrSet] = await paired(
      () => oursL1.getOrSetEntry('k', factory),
      () => bento.use('both').getOrSet({ key: 'k', factory, ttl: '1h' }),
      L1_OPS / 4,
    );
    [figures.oursL1L2GetOrSetVsCm, figures.cacheManagerMultiTierWrap] = await paired(
      () => oursL1.getOrSetEntry('k', factory),
      () => manager.wrap('k', factory, 3_600_000),
      L1_OPS / 10,
    );

    const ratios = {
      l1GetOrSetVsBentoL1: figures.oursL1GetOrSet / figures.bentoL1GetOrSet,
      l2GetOrSetVsBentoL2: figures.oursL2GetOrSet / figures.bentoL2GetOrSet,
      l2GetOrSetVsRawGet: figures.oursL2GetOrSetVsRaw / figures.rawIoredisGet,
      l1GetVsRawLru: figures.oursL1Get / figures.rawLruGet,
      l1PeekVsRawLru: figures.oursL1Peek / figures.rawLruGetVsPeek,
      mget100VsRawMget: figures.oursMget100 / figures.rawIoredisMget100,
      l1l2GetOrSetVsBentoL1L2: figures.oursL1L2GetOrSet / figures.bentoL1L2GetOrSet,
      l1l2GetOrSetVsCacheManagerWrap: figures.oursL1L2GetOrSetVsCm / figures.cacheManagerMultiTierWrap,
      mget100VsRawMgetParsed: figures.oursMget100VsParsed / figures.rawIoredisMget100ParsedVsOurs,
      rawMgetParsedVsRawMget: figures.rawIoredisMget100Parsed / figures.rawIoredisMget100VsParsed,
      mget100L1VsRawMget: figures.oursMget100L1 / figures.rawIoredisMget100VsL1,
      missGetOrSetEntryVsRawGetSet: figures.oursMissGetOrSetEntry / figures.rawGetThenSet,
    };
    const targets = {
      l1GetOrSetVsBentoL1: 1.0,
      l2GetOrSetVsBentoL2: 1.0,
      l2GetOrSetVsRawGet: 0.8,
      l1GetVsRawLru: 0.7,
      mget100VsRawMget: 0.8,
    } as Record<string, number>;

    const rows = [
      ['L1 get', 'oursL1Get', 'rawLruGet', 'l1GetVsRawLru'],
      ['L1 peek (sync)', 'oursL1Peek', 'rawLruGetVsPeek', 'l1PeekVsRawLru'],
      ['L1-hit getOrSetEntry', 'oursL1GetOrSet', 'bentoL1GetOrSet', 'l1GetOrSetVsBentoL1'],
      ['L2-hit getOrSetEntry (L1 off)', 'oursL2GetOrSet', 'bentoL2GetOrSet', 'l2GetOrSetVsBentoL2'],
      ['L2-hit getOrSetEntry (L1 off)', 'oursL2GetOrSetVsRaw', 'rawIoredisGet', 'l2GetOrSetVsRawGet'],
      ['miss getOrSetEntry, 2 tags (L1 off)', 'oursMissGetOrSetEntry', 'rawGetThenSet', 'missGetOrSetEntryVsRawGetSet'],
      ['mget 100 keys (L1 off)', 'oursMget100', 'rawIoredisMget100', 'mget100VsRawMget'],
      ['mget 100 keys (L1 off)', 'oursMget100VsParsed', 'rawIoredisMget100ParsedVsOurs', 'mget100VsRawMgetParsed'],
      ['MGET + JSON.parse (floor)', 'rawIoredisMget100Parsed', 'rawIoredisMget100VsParsed', 'rawMgetParsedVsRawMget'],
      ['mget 100 keys (L1 warm)', 'oursMget100L1', 'rawIoredisMget100VsL1', 'mget100L1VsRawMget'],
      ['L1+L2 getOrSetEntry (hit)', 'oursL1L2GetOrSet', 'bentoL1L2GetOrSet', 'l1l2GetOrSetVsBentoL1L2'],
      ['L1+L2 getOrSetEntry (hit)', 'oursL1L2GetOrSetVsCm', 'cacheManagerMultiTierWrap', 'l1l2GetOrSetVsCacheManagerWrap'],
    ].map(([name, ours, baseline, ratio]) => ({
      case: name as string,
      'ours ops/s': Math.round(figures[ours as string] as number),
      baseline: baseline as string,
      'baseline ops/s': Math.round(figures[baseline as string] as number),
      ratio: (ratios as Record<string, number>)[ratio as string] as number,
      target: targets[ratio as string] ? `>= ${targets[ratio as string]}` : '-',
      met: targets[ratio as string]
        ? ((ratios as Record<string, number>)[ratio as string] as number) >= (targets[ratio as string] as number)
          ? 'yes'
          : 'NO'
        : '-',
    }));
    const met = Object.entries(targets).every(([name, target]) => ((ratios as Record<string, number>)[name] as number) >= target);
    report('cache', rows, {
      opsPerSecond: figures,
      ratios,
      targets,
      allTargetsMet: met,
      redis: 'private redis-server',
      ops: { L1_OPS, L2_OPS, MGET_OPS, MGET_KEYS },
    });

    await Promise.all([oursL1.close(), oursL2.close(), oursMissCache.close(), bento.disconnectAll(), manager.disconnect()]);
  } finally {
    await Promise.all(clients.map((made) => made.quit().catch(() => made.disconnect())));
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${String(error?.stack ?? error)}\n`);
    process.exit(1);
  },
);
