import { logger } from '@roadcall/utils/logger';
import { cleanupJobs } from '../maintenance';

/** Daily schedule `jobs-cleanup`. */
export const handler = async (): Promise<{ deleted: number; failedStale: number }> => {
  const result = await cleanupJobs();
  logger.info('Jobs cleanup', result);
  return result;
};
