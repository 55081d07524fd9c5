import { createHandler } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import { metricsReport } from '../performance/metricsReport';

/** GET /performance/metrics?minutes=15 (admin): per route and function figures across containers. */
export const handler = createHandler({
  route: 'platform.performanceMetrics',
  query: z.object({ minutes: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60))) }),
  handle: async ({ query }) => metricsReport(query.minutes),
});
