import { createHandler, ok } from '@roadcall/utils/http';
import { vendorService } from '../runtime';
import { searchQuery } from '../schemas';

/** GET /vendors/search?lat&lon&radiusKm&service&limit: nearest vendors first. */
export const handler = createHandler({
  route: 'vendors.search',
  query: searchQuery,
  handle: async ({ query }) => {
    const { value, cache, degraded } = await vendorService().search(query);
    return ok(
      { items: value, count: value.length, query },
      // X-Degraded: answered from the vendors table while the Redis geo index is lost or rebuilding.
      { 'X-Cache': cache, 'Cache-Control': 'private, max-age=0', ...(degraded ? { 'X-Degraded': degraded } : {}) },
    );
  },
});
