import { createHandler } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import { cacheReport } from '../performance/cacheReport';

/** GET /performance/cache?minutes=15 (admin): hits and misses per namespace and tier, and Redis' own stats. */
export const handler = createHandler({
  route: 'platform.performanceCache',
  query: z.object({ minutes: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60))) }),
  handle: async ({ query }) => cacheReport(query.minutes),
});
