import { createHandler } from '@roadcall/utils/http';
import { incidentService } from '../runtime';
import { listQuerySchema } from '../schemas';

/** GET /incidents?status&cursor&limit: the caller's own incidents, newest first. */
export const handler = createHandler({
  route: 'incidents.list',
  query: listQuerySchema,
  handle: async ({ auth, query }) => incidentService().list(auth, query),
});
