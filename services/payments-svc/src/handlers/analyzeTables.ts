import { logger } from '@roadcall/utils/logger';
import { isWarmingEvent } from '@roadcall/utils/warmer';
import { type AnalyzedTable, analyzeStaleTables } from '../maintenance';

/**
 * Scheduled daily (contracts: `payments-analyze`): ANALYZE of the tables and views whose
 * statistics went stale. A failure throws, so EventBridge's retry and the error metric see it.
 */
export const handler = async (event: unknown): Promise<{ analyzed: AnalyzedTable[] }> => {
  if (isWarmingEvent(event)) return { analyzed: [] };
  const analyzed = await analyzeStaleTables();
  logger.info('Stale statistics analyzed', { tables: analyzed.map((table) => table.table) });
  return { analyzed };
};
