import { createHandler } from '@roadcall/utils/http';
import { cacheEntryQuery, readCacheEntry } from '../performance/cacheEntry';

/** GET /performance/cache/entry?namespace&key (admin): one entry's tiers, age, TTL left, tags, value. */
export const handler = createHandler({
  route: 'platform.cacheEntry',
  query: cacheEntryQuery,
  handle: async ({ query }) => readCacheEntry(query),
});
