import { createHandler } from '@roadcall/utils/http';
import { vendorService } from '../runtime';
import { location, vendorIdPath } from '../schemas';

/** PUT /vendors/{id}/location: the vendor itself or an admin (403 otherwise). */
export const handler = createHandler({
  route: 'vendors.updateLocation',
  path: vendorIdPath,
  body: location,
  handle: async ({ path, body, auth }) => vendorService().updateLocation(auth, path.id, body),
});
