import { createHandler } from '@roadcall/utils/http';
import { incidentService } from '../runtime';

/** GET /me: the caller's profile, vehicles and active incident (drivers) or open offers (vendors); cached per user. */
export const handler = createHandler({
  route: 'incidents.me',
  handle: async ({ auth }) => incidentService().me(auth),
});
