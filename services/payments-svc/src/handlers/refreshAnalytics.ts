import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { analyticsService } from '../runtime';

/**
 * Scheduled (every 5 minutes): REFRESH MATERIALIZED VIEW CONCURRENTLY of the revenue views. A
 * failure throws, so EventBridge's retry and the function's error metric see it.
 */
export const handler = createScheduledHandler({
  function: 'payments.refreshAnalytics',
  run: async (): Promise<{ refreshed: Array<{ view: string; durationMs: number }> }> => {
    const refreshed = await analyticsService().refresh();
    logger.info('Analytics views refreshed', { refreshed });
    return { refreshed };
  },
});
