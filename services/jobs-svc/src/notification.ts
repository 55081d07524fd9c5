import type { Logger } from '@aws-lambda-powertools/logger';
import { ENV } from '@roadcall/contracts';
import { isLambdaRuntime } from '@roadcall/utils/config';
import { logger as rootLogger } from '@roadcall/utils/logger';
import { EMAIL_FAILURE_METRIC, MAX_EMAIL_ERROR_LENGTH } from './constants';
import { sendJobEmail } from './emails';
import type { JobStore } from './store';
import type { JobEmail, JobRecord } from './types';

/** Sends a finished job's email; resolves to the SES message id (undefined: the job has no address). */
export type JobEmailSender = (job: JobRecord, downloadUrl: string | undefined) => Promise<string | undefined>;

export interface NotifyOptions {
  /** Defaults to SES ({@link sendJobEmail}). */
  readonly send?: JobEmailSender;
  /** Signs the result's download link (the completed email carries it). */
  readonly signLink?: (objectKey: string) => Promise<string>;
  readonly logger?: Logger;
}

const nowIso = (): string => new Date().toISOString();

/** One CloudWatch EMF count of a failed job email (Lambda only: elsewhere the log line is the record). */
function countEmailFailure(): void {
  if (!isLambdaRuntime()) return;
  // Loaded on the first failure (a rare path), not at the consumer's init.
  const { Metrics, MetricUnit } = require('@aws-lambda-powertools/metrics') as typeof import('@aws-lambda-powertools/metrics');
  const metrics = new Metrics({
    namespace: process.env[ENV.metricsNamespace] || 'Roadcall',
    serviceName: process.env[ENV.serviceName] || 'jobs',
  });
  metrics.addMetric(EMAIL_FAILURE_METRIC, MetricUnit.Count, 1);
  process.stdout.write(`${JSON.stringify(metrics.serializeMetrics())}\n`);
}

/**
 * Sends a finished job's one email, at most once per job, and records the outcome on the job
 * (`email: { status, at, error? }`). It never throws: once a job is completed or failed its
 * record is final, and an email (SES down, a sandboxed account, a bad address) must not make the
 * message fail, be redelivered or reach the DLQ.
 *
 * The attempt is claimed with a conditional write *before* SES is called, not after: SES has no
 * idempotency key, so marking after the send would let a redelivery (or a second delivery racing
 * past a visibility timeout) that comes between the send and the mark send the email again. The
 * price is the reverse window: a worker that dies between the mark and the send leaves the job at
 * `email.status = 'sending'` with no email, visible on the job, never a duplicate.
 *
 * @example
 * const email = await notifyJobOnce(store, job, { signLink }); // { status: 'failed', error: 'Could not send email: ...', at }
 */
export async function notifyJobOnce(store: JobStore, job: JobRecord, options: NotifyOptions = {}): Promise<JobEmail | undefined> {
  if (job.status !== 'completed' && job.status !== 'failed') return undefined;
  const logger = options.logger ?? rootLogger;
  try {
    if (!(await store.claimEmail(job.jobId))) return undefined; // another delivery made (or is making) the one attempt
  } catch (error) {
    logger.error('Could not claim the job email (no email is sent; the job keeps its status)', {
      jobId: job.jobId,
      error: error as Error,
    });
    countEmailFailure();
    return undefined;
  }

  let outcome: JobEmail;
  try {
    const link = job.result?.objectKey && options.signLink ? await options.signLink(job.result.objectKey) : undefined;
    const messageId = await (options.send ?? sendJobEmail)(job, link);
    outcome = job.userEmail
      ? { status: 'sent', at: nowIso(), messageId }
      : { status: 'skipped', at: nowIso(), error: 'The job has no email address' };
  } catch (error) {
    outcome = { status: 'failed', at: nowIso(), error: String((error as Error).message ?? error).slice(0, MAX_EMAIL_ERROR_LENGTH) };
    logger.error('Job email failed; the job keeps its status and the email is not retried', {
      jobId: job.jobId,
      jobStatus: job.status,
      emailStatus: 'failed',
      error: error as Error,
    });
    countEmailFailure();
  }
  try {
    await store.recordEmail(job.jobId, outcome);
  } catch (error) {
    // The attempt happened; only its record is missing (the job still shows `sending`).
    logger.error('Could not record the job email outcome', { jobId: job.jobId, emailStatus: outcome.status, error: error as Error });
  }
  return outcome;
}
