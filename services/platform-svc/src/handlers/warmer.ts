import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { runWarmer } from '../warmer';

/** EventBridge (every 5 minutes): keeps the warm-marked functions' containers initialised. */
export const handler = createScheduledHandler({
  function: 'platform.warmer',
  run: async () => {
    const report = await runWarmer();
    logger.info('warmer run', { invoked: report.invoked, warmed: report.warmed, cold: report.cold, failed: report.failed, ms: report.ms });
    for (const fn of report.functions)
      if (fn.failed > 0) logger.warn('warming failed', { function: fn.id, failed: fn.failed, errors: fn.errors });
    return report;
  },
  failed: (report) => report.failed > 0,
});
