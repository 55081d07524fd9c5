import { accepted, createHandler } from '@roadcall/utils/http';
import { broadcastAlert, broadcastBody } from '../events/broadcast';

/** POST /events/alerts { severity?, title, message } (admin): a system_alert to every admin; 202. */
export const handler = createHandler({
  route: 'platform.broadcastAlert',
  body: broadcastBody,
  handle: async ({ body, auth, logger }) => {
    const result = await broadcastAlert(body, auth.userId);
    logger.info('system alert broadcast', { id: result.id, severity: body.severity });
    return accepted(result);
  },
});
