import { ENV } from '@roadcall/contracts';
import { isLambdaRuntime } from '@roadcall/utils/config';
import { logger } from '@roadcall/utils/logger';
import { DEFAULT_EMF_NAMESPACE, flushMetrics, recordInvocation } from '@roadcall/utils/metrics';
import { redisClient } from '@roadcall/utils/redis';
import { isWarmingEvent, markInvocation, warmingResult } from '@roadcall/utils/warmer';
import type { Context } from 'aws-lambda';
import type { AlertMemory } from '../events/alertSources';
import { type MonitorReport, runMonitor } from '../events/monitor';

const FUNCTION_ID = 'platform.monitor';

/** EventBridge (every minute): system alerts from the analyzer and the DLQs; queue depth per priority as EMF. */
export async function handler(event: unknown, context: Context): Promise<MonitorReport | unknown> {
  const cold = markInvocation(FUNCTION_ID);
  if (isWarmingEvent(event)) return warmingResult(event, cold, context?.functionName);
  const started = performance.now();
  try {
    const report = await runMonitor({
      memory: redisClient() as unknown as AlertMemory,
      // Off Lambda no agent turns log lines into metrics: printing EMF there would only be noise.
      emf: isLambdaRuntime() ? (line) => process.stdout.write(`${line}\n`) : undefined,
      emfOptions: {
        namespace: process.env[ENV.metricsNamespace] || DEFAULT_EMF_NAMESPACE,
        service: process.env[ENV.serviceName] || 'platform',
      },
    });
    logger.info('monitor run', { alerts: report.alerts.length, findings: report.findings });
    recordInvocation(FUNCTION_ID, { latencyMs: performance.now() - started, cold });
    return report;
  } catch (error) {
    recordInvocation(FUNCTION_ID, { latencyMs: performance.now() - started, cold, error: true });
    throw error;
  } finally {
    // A scheduled function may not run again for a minute: ship its figures before it freezes.
    await flushMetrics();
  }
}
