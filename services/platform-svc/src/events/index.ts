/**
 * The live events channel's public face (`@roadcall/platform-svc/events`): the platform service
 * owns the keyspace; other services publish only through these functions.
 */
import type { LiveEventType } from '@roadcall/contracts';
import { publishLiveEvent } from './publish';

export { type AlertSource, type SystemAlert, sendSystemAlert } from './alerts';

/** The job messages a user's channel carries. */
export type JobEventType = Extract<LiveEventType, 'job_progress' | 'job_complete' | 'job_failed'>;

/**
 * Sends a job message to its owner's channel only.
 *
 * @example
 * await publishJobEvent(job.userId, 'job_complete', { jobId: job.jobId, status: 'completed' });
 */
export async function publishJobEvent(userId: string, type: JobEventType, data: Readonly<Record<string, unknown>>): Promise<string> {
  return publishLiveEvent({ audience: { user: userId }, type, data });
}

/**
 * Tells admins' channels that analytics views were refreshed (the analytics routes are admin-only).
 *
 * @example
 * await publishAnalyticsUpdate({ views: ['daily_revenue'], refreshedAt: new Date().toISOString() });
 */
export async function publishAnalyticsUpdate(data: Readonly<Record<string, unknown>>): Promise<string> {
  return publishLiveEvent({ audience: 'admins', type: 'analytics_update', data });
}
