import { createHandler } from '@roadcall/utils/http';
import { platformMetrics } from '../platformMetrics';

/** GET /analytics/platform (admin): incidents, assignment times, revenue and vendor supply per metro, last 24 h; cached 5 min. */
export const handler = createHandler({
  route: 'platform.platformMetrics',
  handle: async () => platformMetrics(),
});
