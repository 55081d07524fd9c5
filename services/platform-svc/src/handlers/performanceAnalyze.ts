import { createHandler } from '@roadcall/utils/http';
import { metricsKeyPrefix, readMetrics } from '@roadcall/utils/metrics';
import { z } from 'zod';
import { analyze } from '../performance/analyze';
import { dlqDepths } from '../performance/dlq';
import { metricsStore } from '../performance/metricsReport';
import { loadThresholds } from '../performance/thresholds';

/** GET /performance/analyze?minutes=15 (admin): findings with evidence and a recommendation. */
export const handler = createHandler({
  route: 'platform.performanceAnalyze',
  query: z.object({ minutes: z.coerce.number().int().min(1).max(60).optional() }),
  handle: async ({ query }) => {
    const thresholds = loadThresholds();
    const [metrics, dlqs] = await Promise.all([readMetrics(metricsStore(), metricsKeyPrefix(), { minutes: query.minutes }), dlqDepths()]);
    return analyze(metrics, dlqs, thresholds);
  },
});
