import type { Analysis } from '../performance/analyze';
import type { DlqDepth } from '../performance/dlq';
import type { SystemAlert } from './alerts';
import { eventsKeyPrefix } from './keys';

/** A critical finding is alerted again only after this long (the analyzer runs every minute). */
export const FINDING_REALERT_SECONDS = 30 * 60;

/** The Redis commands the alert sources keep their memory with (both keys in the events keyspace). */
export interface AlertMemory {
  set(key: string, value: string, ex: 'EX', seconds: number, nx: 'NX'): Promise<'OK' | null>;
  del(key: string): Promise<unknown>;
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, values: Record<string, string | number>): Promise<unknown>;
}

/**
 * An alert a source decided to send, remembered as sent (so no other container or pass sends it
 * too). `forget` undoes that memory when the send failed, so the next pass tries again instead
 * of staying silent for the whole re-alert window.
 */
export interface PendingAlert {
  readonly alert: SystemAlert;
  forget(): Promise<void>;
}

const findingKey = (kind: string, subject: string): string => `${eventsKeyPrefix()}:alerts:finding:${kind}:${subject}`;
const dlqDepthsKey = (): string => `${eventsKeyPrefix()}:alerts:dlq-depths`;

/**
 * The analyzer's critical findings that were not alerted within FINDING_REALERT_SECONDS (a
 * `SET NX EX` per kind and subject, so two containers never alert the same finding twice; the
 * sender deletes the marker when the send fails). DLQ findings are left to {@link dlqGrowthAlerts},
 * which alerts on growth rather than depth.
 *
 * @example
 * for (const { alert, forget } of await criticalFindingAlerts(analysis, redisClient()))
 *   await sendSystemAlert(alert).catch(async (error) => { await forget(); throw error; });
 */
export async function criticalFindingAlerts(analysis: Analysis, memory: AlertMemory): Promise<PendingAlert[]> {
  const alerts: PendingAlert[] = [];
  for (const finding of analysis.findings) {
    if (finding.severity !== 'critical' || finding.kind === 'dlq-depth') continue;
    const key = findingKey(finding.kind, finding.subject);
    const claimed = await memory.set(key, new Date().toISOString(), 'EX', FINDING_REALERT_SECONDS, 'NX');
    if (claimed !== 'OK') continue;
    const alert: SystemAlert = {
      severity: 'critical',
      title: `${finding.kind} on ${finding.subject}`,
      message: finding.recommendation,
      source: 'analyzer',
      subject: finding.subject,
      details: { kind: finding.kind, evidence: finding.evidence },
    };
    alerts.push({
      alert,
      forget: async () => {
        await memory.del(key);
      },
    });
  }
  return alerts;
}

/**
 * An alert for every DLQ deeper than at the previous check (messages that failed every retry
 * arrived since), remembering the depths for the next one (a failed send puts the previous depth
 * back, so the growth is alerted again). Critical from `criticalDepth` on.
 *
 * @example
 * const pending = await dlqGrowthAlerts(await dlqDepths(), redisClient(), DLQ_CRITICAL_DEPTH);
 */
export async function dlqGrowthAlerts(
  depths: ReadonlyArray<DlqDepth>,
  memory: AlertMemory,
  criticalDepth: number,
): Promise<PendingAlert[]> {
  const previous = await memory.hgetall(dlqDepthsKey());
  const alerts: PendingAlert[] = [];
  const now: Record<string, number> = {};
  for (const { queue, depth } of depths) {
    if (depth === null) continue;
    now[queue] = depth;
    const before = Number(previous[queue] ?? 0);
    if (depth <= before) continue;
    const alert: SystemAlert = {
      severity: depth >= criticalDepth ? 'critical' : 'warning',
      title: `DLQ of ${queue} grew from ${before} to ${depth}`,
      message:
        'Messages failed every retry: read one from the DLQ, fix the cause, then redrive the DLQ to its source queue (SQS StartMessageMoveTask).',
      source: 'dlq',
      subject: queue,
      details: { before, depth },
    };
    alerts.push({
      alert,
      forget: async () => {
        await memory.hset(dlqDepthsKey(), { [queue]: before });
      },
    });
  }
  if (Object.keys(now).length > 0) await memory.hset(dlqDepthsKey(), now);
  return alerts;
}
