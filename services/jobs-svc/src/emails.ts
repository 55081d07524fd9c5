import type { EmailClient } from '@roadcall/utils/notify';
import { defineTemplate, renderTemplate, sendEmail } from '@roadcall/utils/notify';
import type { JobRecord } from './types';

const LAYOUT = (title: string, body: string): string =>
  `<!doctype html><html><body style="font-family:sans-serif;max-width:560px;margin:auto"><h2>${title}</h2>${body}<p style="color:#888;font-size:12px">Roadcall &middot; job {{jobId}}</p></body></html>`;

export const JOB_COMPLETED_EMAIL = defineTemplate<{ type: string; jobId: string; summary: string; link: string }>({
  subject: 'Your Roadcall {{type}} job is ready',
  html: LAYOUT(
    'Your {{type}} job is complete',
    '<p>{{summary}}</p><p><a href="{{link}}">Download the result</a> (the link expires; open the job for a fresh one).</p>',
  ),
  text: 'Your Roadcall {{type}} job ({{jobId}}) is complete.\n\n{{summary}}\n\nDownload: {{link}}\n(The link expires; open the job for a fresh one.)\n',
});

export const JOB_COMPLETED_NO_FILE_EMAIL = defineTemplate<{ type: string; jobId: string; summary: string }>({
  subject: 'Your Roadcall {{type}} job is complete',
  html: LAYOUT('Your {{type}} job is complete', '<p>{{summary}}</p>'),
  text: 'Your Roadcall {{type}} job ({{jobId}}) is complete.\n\n{{summary}}\n',
});

export const JOB_FAILED_EMAIL = defineTemplate<{ type: string; jobId: string; error: string }>({
  subject: 'Your Roadcall {{type}} job failed',
  html: LAYOUT(
    'Your {{type}} job failed',
    '<p>The job could not finish:</p><pre style="white-space:pre-wrap">{{error}}</pre><p>You can start it again.</p>',
  ),
  text: 'Your Roadcall {{type}} job ({{jobId}}) failed:\n\n{{error}}\n\nYou can start it again.\n',
});

function summaryLine(job: JobRecord): string {
  const summary = job.result?.summary ?? {};
  const parts = Object.entries(summary)
    .filter(([, value]) => typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`);
  return parts.length ? parts.join(', ') : `${job.processedItems} items processed`;
}

/**
 * Renders and sends the final email of a job (completed or failed) to its owner; resolves to the
 * SES message id, or undefined when the job has no address. Throws when SES or the address fails:
 * callers go through `notifyJobOnce`, which records that instead.
 */
export async function sendJobEmail(job: JobRecord, downloadUrl: string | undefined, client?: EmailClient): Promise<string | undefined> {
  if (!job.userEmail) return undefined;
  const email =
    job.status === 'failed'
      ? renderTemplate(JOB_FAILED_EMAIL, { type: job.type, jobId: job.jobId, error: job.error ?? 'Unknown error' })
      : downloadUrl
        ? renderTemplate(JOB_COMPLETED_EMAIL, { type: job.type, jobId: job.jobId, summary: summaryLine(job), link: downloadUrl })
        : renderTemplate(JOB_COMPLETED_NO_FILE_EMAIL, { type: job.type, jobId: job.jobId, summary: summaryLine(job) });
  return sendEmail(job.userEmail, email, client);
}
