import { createHandler } from '@roadcall/utils/http';
import { incidentService } from '../runtime';
import { incidentIdPath, statusBodySchema } from '../schemas';

/** PUT /incidents/{id}/status: en_route, arrived, completed (assigned vendor) or cancelled (driver); illegal moves 409. */
export const handler = createHandler({
  route: 'incidents.updateStatus',
  path: incidentIdPath,
  body: statusBodySchema,
  handle: async ({ auth, path, body }) => incidentService().changeStatus(auth, path.id, body.status, body.reason),
});
