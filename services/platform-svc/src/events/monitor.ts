import { metricsKeyPrefix, readMetrics } from '@roadcall/utils/metrics';
import { analyze } from '../performance/analyze';
import { DLQ_CRITICAL_DEPTH } from '../performance/constants';
import { dlqDepths, type QueueInspector, sqsInspector } from '../performance/dlq';
import { jobQueueDepths, type PriorityQueueDepth, queueDepthEmf } from '../performance/queueDepths';
import { loadThresholds } from '../performance/thresholds';
import { metricsStore } from '../runtime';
import { type AlertMemory, criticalFindingAlerts, dlqGrowthAlerts } from './alertSources';
import { type SystemAlert, sendSystemAlert } from './alerts';

/** The analyzer looks at this many minutes each run: recent enough to be news, long enough for samples. */
export const MONITOR_WINDOW_MINUTES = 5;

export interface MonitorOptions {
  readonly memory: AlertMemory;
  readonly inspector?: QueueInspector;
  /** Where queue-depth EMF lines go (stdout in Lambda); unset: none. */
  readonly emf?: (line: string) => void;
  readonly emfOptions: { namespace: string; service: string };
  /** Sends one alert (the channel's admins audience); injectable for tests. */
  readonly send?: (alert: SystemAlert) => Promise<string>;
}

export interface MonitorReport {
  readonly findings: number;
  readonly alerts: ReadonlyArray<SystemAlert>;
  readonly queues: ReadonlyArray<PriorityQueueDepth>;
}

/**
 * One monitoring pass: the analyzer over the last MONITOR_WINDOW_MINUTES and the DLQ depths; a
 * `system_alert` to admins for each new critical finding and each DLQ that grew; the depth of
 * each job priority queue (and its DLQ) as EMF for CloudWatch alarms and dashboards. An alert
 * whose send fails is forgotten by its source (tried again next pass) and the pass throws after
 * trying the others, so the failure shows in the function's errors.
 *
 * @example
 * const report = await runMonitor({ memory: redisClient(), emfOptions: { namespace: 'Roadcall', service: 'platform' } });
 */
export async function runMonitor(options: MonitorOptions): Promise<MonitorReport> {
  const inspector = options.inspector ?? sqsInspector;
  const send = options.send ?? sendSystemAlert;
  const [metrics, dlqs, queues] = await Promise.all([
    readMetrics(metricsStore(), metricsKeyPrefix(), { minutes: MONITOR_WINDOW_MINUTES }),
    dlqDepths(inspector),
    jobQueueDepths(inspector),
  ]);
  const analysis = analyze(metrics, dlqs, loadThresholds());
  const pending = [
    ...(await criticalFindingAlerts(analysis, options.memory)),
    ...(await dlqGrowthAlerts(dlqs, options.memory, DLQ_CRITICAL_DEPTH)),
  ];
  const alerts: SystemAlert[] = [];
  const failures: unknown[] = [];
  for (const { alert, forget } of pending) {
    try {
      await send(alert);
      alerts.push(alert);
    } catch (error) {
      // Not sent: the sources forget it, so the next pass (a minute later) alerts it again.
      failures.push(error);
      await forget().catch(() => undefined);
    }
  }
  if (options.emf) for (const line of queueDepthEmf(queues, options.emfOptions)) options.emf(line);
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${pending.length} system alerts were not sent`);
  return { findings: analysis.findings.length, alerts, queues };
}
