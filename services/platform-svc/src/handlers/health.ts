import { createHandler, json } from '@roadcall/utils/http';
import { checkHealth } from '../health';

/** GET /health: 200 with each dependency's status and latency, or 503 naming what is down. */
export const handler = createHandler({
  route: 'platform.health',
  handle: async () => {
    const report = await checkHealth();
    return report.status === 'ok' ? json(200, report) : json(503, report, { 'Retry-After': '5', 'Cache-Control': 'no-store' });
  },
});
