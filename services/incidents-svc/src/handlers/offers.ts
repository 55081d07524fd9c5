import { createHandler } from '@roadcall/utils/http';
import { incidentService } from '../runtime';

/** GET /incidents/offers: the calling vendor's open offers. */
export const handler = createHandler({
  route: 'incidents.offers',
  handle: async ({ auth }) => ({ items: await incidentService().openOffers(auth) }),
});
