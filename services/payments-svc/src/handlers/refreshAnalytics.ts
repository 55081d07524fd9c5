import { publishAnalyticsUpdate } from '@roadcall/platform-svc/events';
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
    // Admins' live channels learn that the analytics routes now answer from fresher views. The
    // refresh itself succeeded: a failed announcement is logged, not thrown (no retry refreshes twice).
    await publishAnalyticsUpdate({ views: refreshed.map((entry) => entry.view), refreshedAt: new Date().toISOString() }).catch(
      (error: Error) => logger.warn('analytics_update not published', { error: error.message }),
    );
    return { refreshed };
  },
});
