import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { warmReportCache } from '../maintenance';

/** Hourly schedule `cache-warmup`. */
export const handler = createScheduledHandler({
  function: 'jobs.warmCache',
  run: async () => {
    const result = await warmReportCache();
    logger.info('Report cache warmed', result);
    return result;
  },
});
