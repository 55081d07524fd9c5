import { logger } from '@roadcall/utils/logger';
import { warmReportCache } from '../maintenance';

/** Hourly schedule `cache-warmup`. */
export const handler = async (): Promise<{ incidents: number; vendors: number }> => {
  const result = await warmReportCache();
  logger.info('Report cache warmed', result);
  return result;
};
