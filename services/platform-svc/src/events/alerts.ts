import { publishLiveEvent } from './publish';

/** Where a system alert came from. */
export type AlertSource = 'analyzer' | 'dlq' | 'broadcast';

/** The body of a `system_alert` message. */
export interface SystemAlert {
  readonly severity: 'info' | 'warning' | 'critical';
  readonly title: string;
  readonly message: string;
  readonly source: AlertSource;
  /** What it is about: a queue, a route, a namespace. */
  readonly subject?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Sends a `system_alert` to every admin's channel (never to drivers or vendors).
 *
 * @example
 * await sendSystemAlert({ severity: 'critical', title: 'DLQ growing', message: '12 messages', source: 'dlq', subject: 'jobsHigh' });
 */
export async function sendSystemAlert(alert: SystemAlert): Promise<string> {
  return publishLiveEvent({ audience: 'admins', type: 'system_alert', data: { ...alert, at: new Date().toISOString() } });
}
