import { createHandler } from '@roadcall/utils/http';
import { z } from 'zod';
import { cacheReport } from '../performance/cacheReport';

/** GET /performance/cache?minutes=15 (admin): hits and misses per namespace and tier, and Redis' own stats. */
export const handler = createHandler({
  route: 'platform.performanceCache',
  query: z.object({ minutes: z.coerce.number().int().min(1).max(60).optional() }),
  handle: async ({ query }) => cacheReport(query.minutes),
});
