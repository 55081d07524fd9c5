import { createHandler, ok } from '@roadcall/utils/http';
import { vendorService } from '../runtime';
import { vendorIdPath } from '../schemas';

/** GET /vendors/{id}: the profile, with X-Cache telling which tier answered. */
export const handler = createHandler({
  route: 'vendors.get',
  path: vendorIdPath,
  handle: async ({ path }) => {
    const { value, cache } = await vendorService().getProfile(path.id);
    return ok(value, { 'X-Cache': cache, 'Cache-Control': 'private, max-age=0, must-revalidate' });
  },
});
