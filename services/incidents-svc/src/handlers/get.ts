import { createHandler } from '@roadcall/utils/http';
import { incidentService } from '../runtime';
import { incidentIdPath } from '../schemas';

/** GET /incidents/{id}: for its driver, its assigned vendor, a vendor holding an offer, an admin; else 404. */
export const handler = createHandler({
  route: 'incidents.get',
  path: incidentIdPath,
  handle: async ({ auth, path }) => incidentService().get(auth, path.id),
});
