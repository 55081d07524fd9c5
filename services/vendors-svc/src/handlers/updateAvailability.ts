import { createHandler } from '@roadcall/utils/http';
import { vendorService } from '../runtime';
import { availabilityBody, vendorIdPath } from '../schemas';

/** PUT /vendors/{id}/availability: the vendor itself or an admin (403 otherwise). */
export const handler = createHandler({
  route: 'vendors.updateAvailability',
  path: vendorIdPath,
  body: availabilityBody,
  handle: async ({ path, body, auth }) => vendorService().updateAvailability(auth, path.id, body),
});
