import { createHandler } from '@roadcall/utils/http';
import { trackingService } from '../runtime';
import { incidentPathSchema } from '../schemas';

/** GET /tracking/{incidentId}: latest position, distance to the driver and ETA. */
export const handler = createHandler({
  route: 'tracking.get',
  path: incidentPathSchema,
  handle: async ({ auth, path }) => trackingService().get(auth, path.incidentId),
});
