import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { historyWriter } from '../runtime';

/** Every minute: writes buffered history points that did not reach the batch threshold. */
export const handler = createScheduledHandler({
  function: 'tracking.flushHistory',
  run: async () => {
    const result = await historyWriter().flushAll();
    if (result.failed > 0) logger.warn('History flush left points buffered', { ...result });
    return result;
  },
  failed: (result) => result.failed > 0,
});
