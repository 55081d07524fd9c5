import { createHandler } from '@roadcall/utils/http';
import { incidentService } from '../runtime';
import { incidentIdPath } from '../schemas';

/** PUT /incidents/{id}/accept: a vendor holding an open offer takes the incident; first wins, later 409. */
export const handler = createHandler({
  route: 'incidents.accept',
  path: incidentIdPath,
  handle: async ({ auth, path }) => incidentService().accept(auth, path.id),
});
