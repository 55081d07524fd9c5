import { logger } from '@roadcall/utils/logger';
import { isWarmingEvent } from '@roadcall/utils/warmer';
import { AnalyticsService } from '../analytics';

let service: AnalyticsService | undefined;

/**
 * Scheduled (every 5 minutes): REFRESH MATERIALIZED VIEW CONCURRENTLY of the revenue views. A
 * failure throws, so EventBridge's retry and the function's error metric see it.
 */
export const handler = async (event: unknown): Promise<{ refreshed: Array<{ view: string; durationMs: number }> }> => {
  if (isWarmingEvent(event)) return { refreshed: [] };
  service ??= new AnalyticsService();
  const refreshed = await service.refresh();
  logger.info('Analytics views refreshed', { refreshed });
  return { refreshed };
};
