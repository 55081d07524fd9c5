import { createHandler } from '@roadcall/utils/http';
import { metricsKeyPrefix, readMetrics } from '@roadcall/utils/metrics';
import * as z from 'zod/mini';
import { analyze } from '../performance/analyze';
import { dlqDepths } from '../performance/dlq';
import { loadThresholds } from '../performance/thresholds';
import { metricsStore } from '../runtime';

/** GET /performance/analyze?minutes=15 (admin): findings with evidence and a recommendation. */
export const handler = createHandler({
  route: 'platform.performanceAnalyze',
  query: z.object({ minutes: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60))) }),
  handle: async ({ query }) => {
    const thresholds = loadThresholds();
    const [metrics, dlqs] = await Promise.all([readMetrics(metricsStore(), metricsKeyPrefix(), { minutes: query.minutes }), dlqDepths()]);
    return analyze(metrics, dlqs, thresholds);
  },
});
