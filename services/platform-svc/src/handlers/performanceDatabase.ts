import { createHandler } from '@roadcall/utils/http';
import { z } from 'zod';
import { databaseReport } from '../performance/databaseReport';

/** GET /performance/database?minutes=15 (admin): pool statistics across containers and the server's figures. */
export const handler = createHandler({
  route: 'platform.performanceDatabase',
  query: z.object({ minutes: z.coerce.number().int().min(1).max(60).optional() }),
  handle: async ({ query }) => databaseReport(query.minutes),
});
