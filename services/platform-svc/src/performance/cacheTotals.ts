/** Tiers in the order a lookup tries them. */
const TIER_ORDER = ['memory', 'redis', 'dynamodb'] as const;

/**
 * A namespace's lookups, hits and misses from its per-tier counters. Every lookup starts at the
 * namespace's first tier and ends in one hit (at some tier) or one miss: lookups are the first
 * tier's, misses what is left once the hits are counted. (The last tier's misses undercount: a
 * container skips Redis while it is still connecting, or while its breaker is open.)
 *
 * @example
 * namespaceTotals([{ tier: 'memory', hits: 6, misses: 4 }, { tier: 'redis', hits: 0, misses: 3 }]);
 * // { lookups: 10, hits: 6, misses: 4 }
 */
export function namespaceTotals(tiers: ReadonlyArray<{ readonly tier: string; readonly hits: number; readonly misses: number }>): {
  lookups: number;
  hits: number;
  misses: number;
} {
  const hits = tiers.reduce((sum, tier) => sum + tier.hits, 0);
  const first = TIER_ORDER.map((name) => tiers.find((tier) => tier.tier === name)).find((tier) => tier !== undefined);
  const lookups = first ? first.hits + first.misses : 0;
  return { lookups, hits, misses: Math.max(0, lookups - hits) };
}
