import { createHandler, json } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import type { CachedHealthReport } from '../health';
import { sharedHealthReport } from '../runtime';

/**
 * GET /health: 200 with each dependency's status and latency, or 503 naming what is down. The deep
 * check runs at most once per 60 s across containers (system-health namespace; the report carries `checkedAt`).
 * GET /health?deep=false: the cheap liveness answer (the function runs), no backend is touched.
 */
/** The answer: the deep report, or the shallow liveness one. */
type HealthAnswer = CachedHealthReport | { readonly status: 'ok'; readonly deep: false };

export const handler = createHandler<undefined, { deep: 'true' | 'false' }, undefined, HealthAnswer>({
  route: 'platform.health',
  query: z.object({ deep: z._default(z.enum(['true', 'false']), 'true') }),
  handle: async ({ query }) => {
    if (query.deep === 'false') return json(200, { status: 'ok', deep: false }, { 'Cache-Control': 'no-store' });
    const report = await sharedHealthReport();
    return report.status === 'ok' ? json(200, report) : json(503, report, { 'Retry-After': '5', 'Cache-Control': 'no-store' });
  },
});
