import { createSecretCache } from '../../src/secrets';

describe('createSecretCache', () => {
  it('fetches once per TTL, shares concurrent misses, and refetches after expiry or invalidate', async () => {
    let now = 0;
    let fetches = 0;
    const cache = createSecretCache(
      {
        getSecretString: async (id) => {
          fetches++;
          return `${id}:${fetches}`;
        },
      },
      1_000,
      () => now,
    );
    const [a, b] = await Promise.all([cache.get('s'), cache.get('s')]);
    expect([a, b, fetches]).toEqual(['s:1', 's:1', 1]);
    now = 999;
    expect(await cache.get('s')).toBe('s:1');
    now = 1_001;
    expect(await cache.get('s')).toBe('s:2');
    cache.invalidate('s');
    expect(await cache.get('s')).toBe('s:3');
  });

  it('does not cache a failed fetch', async () => {
    let calls = 0;
    const cache = createSecretCache({
      getSecretString: async () => {
        calls++;
        if (calls === 1) throw new Error('throttled');
        return 'value';
      },
    });
    await expect(cache.get('s')).rejects.toThrow('throttled');
    expect(await cache.get('s')).toBe('value');
  });
});
