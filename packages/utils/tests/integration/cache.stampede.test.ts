import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type Redis from 'ioredis';
import { createCache } from '../../src/cache';
import { isCluster } from '../../src/redis';
import { cleanPrefix, newRedis, redisUrl, testNamespace, uniquePrefix } from './fixtures/cacheTestKit';

const prefix = uniquePrefix('stampede');
const admin = newRedis();
const repoRoot = join(__dirname, '..', '..', '..', '..');

afterAll(async () => {
  await cleanPrefix(admin, prefix);
  await admin.quit();
});

describe('stampede protection', () => {
  it('runs the factory once for 1,000 concurrent getOrSet on a cold key in one process', async () => {
    const redis = newRedis();
    const cache = createCache({ namespace: testNamespace(), redis, prefix });
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const factory = async (): Promise<{ n: number }> => {
      runs++;
      await gate;
      return { n: runs };
    };
    const all = Array.from({ length: 1_000 }, () => cache.getOrSet('cold', factory));
    release();
    const values = await Promise.all(all);
    expect(runs).toBe(1);
    expect(new Set(values.map((value) => value.n))).toEqual(new Set([1]));
    expect(cache.metrics().coalesced).toBe(999);
    await cache.close();
    await redis.quit();
  });

  it('pays two round trips for a miss where most reads miss (read with the lock, write with tags and unlock), one GET for an L2 hit', async () => {
    const namespace = testNamespace();
    const writer = newRedis();
    const reader = newRedis();
    const first = createCache({ namespace, redis: writer, prefix, subscriber: false });
    const second = createCache({ namespace, redis: reader, prefix, subscriber: false });
    // Misses on other keys: this cache now reads with the combined script (and Redis knows the
    // scripts: the first EVALSHA of a fresh server answers NOSCRIPT).
    for (let index = 0; index < 30; index++) await first.getOrSetEntry(`warm-up-${index}`, async () => index, { tags: ['warm'] });

    const entryKey = `${prefix}:${namespace.name}:k:round-trips`;
    if (isCluster(admin)) {
      // A Cluster keeps the split path (entry, lock and tags live in different slots): the same
      // answers, the lock released and the tag recorded, without the single-node round-trip count.
      const miss = await first.getOrSetEntry('round-trips', async () => ({ n: 1 }), { tags: ['cell-a', 'cell-b'] });
      const hit = await second.getOrSetEntry('round-trips', async () => ({ n: 2 }), { tags: ['cell-a', 'cell-b'] });
      expect(miss).toMatchObject({ value: { n: 1 }, source: 'MISS' });
      expect(hit).toMatchObject({ value: { n: 1 }, source: 'HIT-L2' });
      expect(await admin.exists(`${prefix}:${namespace.name}:l:round-trips`)).toBe(0);
      expect(await admin.smembers(`${prefix}:${namespace.name}:t:cell-a`)).toEqual([entryKey]);
      await Promise.all([first.close(), second.close()]);
      await Promise.all([writer.quit(), reader.quit()]);
      return;
    }
    const monitor = await (admin as Redis).monitor();
    const sentinel = `${entryKey}:sentinel`;
    const commands: string[] = [];
    let sentinelSeen: () => void = () => undefined;
    const sawSentinel = new Promise<void>((resolve) => {
      sentinelSeen = resolve;
    });
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === 'lua' || !args.some((arg) => arg.startsWith(entryKey))) return;
      if (args.includes(sentinel)) sentinelSeen();
      else commands.push(String(args[0]).toLowerCase());
    });
    try {
      const miss = await first.getOrSetEntry('round-trips', async () => ({ n: 1 }), { tags: ['cell-a', 'cell-b'] });
      const hit = await second.getOrSetEntry('round-trips', async () => ({ n: 2 }), { tags: ['cell-a', 'cell-b'] });
      // MONITOR delivers in execution order: once the sentinel arrives, every command before it has.
      await admin.exists(sentinel);
      await sawSentinel;
      expect(miss).toMatchObject({ value: { n: 1 }, source: 'MISS' });
      expect(hit).toMatchObject({ value: { n: 1 }, source: 'HIT-L2' });
      // Read+lock and write+tags+unlock; then a new cache (its reads so far all hit) with one GET.
      expect(commands).toEqual(['evalsha', 'evalsha', 'get']);
      expect(await admin.exists(`${prefix}:${namespace.name}:l:round-trips`)).toBe(0);
      expect(await admin.smembers(`${prefix}:${namespace.name}:t:cell-a`)).toEqual([entryKey]);
    } finally {
      monitor.disconnect();
      await Promise.all([first.close(), second.close()]);
      await Promise.all([writer.quit(), reader.quit()]);
    }
  });

  it('runs it at most once across 4 processes while the Redis lock holds', async () => {
    const namespace = `stampede-${Date.now()}`;
    const counterKey = `${prefix}:factory-runs`;
    const workers: ChildProcess[] = [];
    const outputs: Array<Promise<string>> = [];
    for (let index = 0; index < 4; index++) {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, 'fixtures', 'stampedeWorker.ts'),
          redisUrl(),
          prefix,
          namespace,
          'cold-key',
          counterKey,
          '1000',
        ],
        // This file's env (a Cluster's REDIS_CLUSTER under integration-cluster), not the worker process's.
        { cwd: repoRoot, env: { ...process.env }, stdio: ['pipe', 'pipe', 'inherit'] },
      );
      workers.push(child);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      const iterator = lines[Symbol.asyncIterator]();
      const ready = iterator.next();
      outputs.push(ready.then(() => iterator.next()).then((line) => String(line.value)));
      await ready;
    }
    for (const child of workers) child.stdin?.end('go\n');
    const results = (await Promise.all(outputs)).map(
      (line) => JSON.parse(line) as { values: string[]; sources: string[]; factoryRuns: number },
    );
    await Promise.all(workers.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));

    expect(Number(await admin.get(counterKey))).toBe(1);
    const values = new Set(results.flatMap((result) => result.values));
    expect(values.size).toBe(1); // every caller in every process got the one computed value
    expect(results.reduce((sum, result) => sum + result.factoryRuns, 0)).toBe(1);
    expect(results.filter((result) => result.sources.includes('HIT-L2'))).toHaveLength(3);
  }, 60_000);
});
