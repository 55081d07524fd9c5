import { logger } from '@roadcall/utils/logger';
import { flushMetrics, recordInvocation } from '@roadcall/utils/metrics';
import { isWarmingEvent, markInvocation, type WarmingResult, type WarmReport, warmingResult } from '@roadcall/utils/warmer';
import type { Context } from 'aws-lambda';
import { runWarmer } from '../warmer';

const FUNCTION_ID = 'platform.warmer';

/** EventBridge (every 5 minutes): keeps the warm-marked functions' containers initialised. */
export async function handler(event: unknown, context: Context): Promise<WarmReport | WarmingResult> {
  const cold = markInvocation(FUNCTION_ID);
  if (isWarmingEvent(event)) return warmingResult(event, cold, context?.functionName);
  const started = performance.now();
  try {
    const report = await runWarmer();
    logger.info('warmer run', { invoked: report.invoked, warmed: report.warmed, cold: report.cold, failed: report.failed, ms: report.ms });
    for (const fn of report.functions)
      if (fn.failed > 0) logger.warn('warming failed', { function: fn.id, failed: fn.failed, errors: fn.errors });
    recordInvocation(FUNCTION_ID, { latencyMs: performance.now() - started, cold, error: report.failed > 0 });
    return report;
  } catch (error) {
    recordInvocation(FUNCTION_ID, { latencyMs: performance.now() - started, cold, error: true });
    throw error;
  } finally {
    // A scheduled function may not run again for minutes: ship its figures before it freezes.
    await flushMetrics();
  }
}
