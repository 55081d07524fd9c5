import { created, createHandler } from '@roadcall/utils/http';
import { vendorService } from '../runtime';
import { createBody } from '../schemas';

/** POST /vendors (admins): 201 with the vendor and its Location. */
export const handler = createHandler({
  route: 'vendors.create',
  body: createBody,
  handle: async ({ body }) => {
    const vendor = await vendorService().create(body);
    return created(vendor, `/vendors/${vendor.vendorId}`);
  },
});
