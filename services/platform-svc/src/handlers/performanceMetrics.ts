import { createHandler } from '@roadcall/utils/http';
import { z } from 'zod';
import { metricsReport } from '../performance/metricsReport';

/** GET /performance/metrics?minutes=15 (admin): per route and function figures across containers. */
export const handler = createHandler({
  route: 'platform.performanceMetrics',
  query: z.object({ minutes: z.coerce.number().int().min(1).max(60).optional() }),
  handle: async ({ query }) => metricsReport(query.minutes),
});
