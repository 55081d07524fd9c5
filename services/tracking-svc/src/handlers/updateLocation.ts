import { createHandler } from '@roadcall/utils/http';
import { trackingService } from '../runtime';
import { incidentPathSchema, positionSchema } from '../schemas';

/** PUT /tracking/{incidentId}/location: the assigned vendor's position; 429 with Retry-After past the limit. */
export const handler = createHandler({
  route: 'tracking.updateLocation',
  path: incidentPathSchema,
  body: positionSchema,
  handle: async ({ auth, path, body }) => trackingService().updateLocation(auth, path.incidentId, body),
});
