import { createHandler } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import { databaseReport } from '../performance/databaseReport';

/** GET /performance/database?minutes=15 (admin): pool statistics across containers and the server's figures. */
export const handler = createHandler({
  route: 'platform.performanceDatabase',
  query: z.object({ minutes: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60))) }),
  handle: async ({ query }) => databaseReport(query.minutes),
});
