import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { matchingEngine } from '../runtime';

/** Every minute: re-drives incidents whose next matching message is overdue (the safety net). */
export const handler = createScheduledHandler({
  function: 'incidents.sweepMatching',
  run: async () => {
    const result = await matchingEngine().sweep();
    if (result.redriven > 0) logger.warn('Matching sweep re-drove overdue incidents', { ...result });
    return result;
  },
});
