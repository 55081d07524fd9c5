import { once } from 'node:events';
import { type SpawnedRedis, spawnRedisServer } from '@roadcall/local';
import type { CircuitBreaker } from '../../src/cache';
import { container, type TestContainer, testNamespace, uniquePrefix } from './fixtures/cacheTestKit';

describe('L2 circuit breaker with a Redis the test owns', () => {
  let redis: SpawnedRedis;
  let app: TestContainer;

  beforeAll(async () => {
    redis = await spawnRedisServer();
    // A standalone server of its own, whatever the project's Redis (jest/clusterSuites.js leaves it out of the cluster's).
    process.env.REDIS_CLUSTER = 'false';
    app = await container({
      url: redis.url,
      prefix: uniquePrefix('breaker'),
      namespace: testNamespace(),
      tiers: { memory: false },
      breakerResetMs: 100,
    });
  });

  afterAll(async () => {
    await app.close();
    await redis.stop();
  });

  it('serves reads from the source while Redis is dead, throws nothing, and closes by itself when Redis returns', async () => {
    const { cache } = app;
    let sourceReads = 0;
    const source = async (): Promise<{ from: string }> => {
      sourceReads++;
      return { from: 'source' };
    };
    expect((await cache.getOrSetEntry('quote', source)).source).toBe('MISS');
    expect((await cache.getOrSetEntry('quote', source)).source).toBe('HIT-L2');

    const opened = once(breakerOf(app), 'open');
    await redis.kill();
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await cache.getOrSetEntry('quote', source);
      expect(result).toMatchObject({ value: { from: 'source' }, source: 'MISS' });
    }
    await opened;
    expect(cache.breakerState).not.toBe('closed');
    await expect(cache.set('other', 1)).resolves.toBeUndefined(); // writes skipped, not thrown
    await expect(cache.get('other')).resolves.toBeUndefined();
    await expect(cache.invalidatePattern('*')).resolves.toBe(0);
    expect(sourceReads).toBe(6);

    const closed = once(breakerOf(app), 'close');
    await redis.restart();
    await closed; // the breaker's own probe found Redis again: no traffic needed
    expect(cache.breakerState).toBe('closed');
    expect((await cache.getOrSetEntry('quote', source)).source).toBe('MISS'); // the restarted Redis is empty
    expect((await cache.getOrSetEntry('quote', source)).source).toBe('HIT-L2');
    expect(cache.metrics().breaker).toBe('closed');
  });
});

function breakerOf(app: TestContainer): CircuitBreaker {
  const breaker = app.cache.breaker;
  if (!breaker) throw new Error('the cache has no L2');
  return breaker;
}
