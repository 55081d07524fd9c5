import { namespaceTotals } from '../../src/performance/cacheTotals';

describe('namespaceTotals', () => {
  it('counts every lookup once, even those that skipped Redis (a cold or breaker-open container)', () => {
    // 60 searches: all missed memory; 59 went on to miss Redis, one never reached it.
    expect(
      namespaceTotals([
        { tier: 'memory', hits: 0, misses: 60 },
        { tier: 'redis', hits: 0, misses: 59 },
      ]),
    ).toEqual({ lookups: 60, hits: 0, misses: 60 });
  });

  it('adds the hits of every tier and starts from the first tier the namespace has', () => {
    expect(
      namespaceTotals([
        { tier: 'redis', hits: 3, misses: 7 },
        { tier: 'memory', hits: 6, misses: 10 },
      ]),
    ).toEqual({ lookups: 16, hits: 9, misses: 7 });
    expect(namespaceTotals([{ tier: 'redis', hits: 2, misses: 5 }])).toEqual({ lookups: 7, hits: 2, misses: 5 });
    expect(namespaceTotals([])).toEqual({ lookups: 0, hits: 0, misses: 0 });
  });
});
