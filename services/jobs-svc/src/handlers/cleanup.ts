import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { cleanupJobs } from '../maintenance';
import { jobStore } from '../runtime';

/** Daily schedule `jobs-cleanup`. */
export const handler = createScheduledHandler({
  function: 'jobs.cleanup',
  run: async () => {
    const result = await cleanupJobs(jobStore());
    logger.info('Jobs cleanup', result);
    return result;
  },
});
