import { SSE_KEEP_ALIVE_SECONDS } from '../streaming';
import type { ResourceUse, RouteContract } from '../types';

const READ_JOBS: ResourceUse = { tables: [{ table: 'jobs', access: 'read' }] };

/**
 * Jobs routes (docs/jobs.md). Only a job's owner or an admin sees it; others get 404 so that job
 * ids do not leak. `jobs.events` is a Server-Sent Events stream: Lambda response streaming behind
 * API Gateway REST (`responseTransferMode: STREAM`), a keep-alive after `SSE_KEEP_ALIVE_SECONDS` of quiet, closed after 5 minutes.
 */
export const JOBS_ROUTES = [
  {
    id: 'jobs.create',
    method: 'POST',
    path: '/jobs',
    summary:
      "Queues a job (export, bulk_operation, report_generation) on the queue of its priority; 202 with the job. A bulk_operation (admins only) is recorded in the platform's audit log first.",
    service: 'jobs',
    handler: 'create',
    auth: 'user',
    uses: {
      tables: [{ table: 'jobs', access: 'readwrite' }],
      queues: [
        { queue: 'jobsHigh', access: 'send' },
        { queue: 'jobsNormal', access: 'send' },
        { queue: 'jobsLow', access: 'send' },
      ],
      // A bulk operation's submission is audited through the platform service (it owns the audit log).
      invokes: ['platform.recordAudit'],
    },
  },
  {
    id: 'jobs.list',
    method: 'GET',
    path: '/jobs',
    summary: "The caller's jobs, newest first; ?status filters; signed cursor paging (limit 10-100, default 50).",
    service: 'jobs',
    handler: 'list',
    auth: 'user',
    uses: READ_JOBS,
  },
  {
    id: 'jobs.get',
    method: 'GET',
    path: '/jobs/{id}',
    summary: 'One job with its progress and result (a freshly signed download URL for exports).',
    service: 'jobs',
    handler: 'get',
    auth: 'user',
    uses: { ...READ_JOBS, buckets: [{ bucket: 'exports', access: 'read' }] },
  },
  {
    id: 'jobs.cancel',
    method: 'DELETE',
    path: '/jobs/{id}',
    summary: 'Cancels a queued or running job (it stops within one chunk); 409 when it has already ended.',
    service: 'jobs',
    handler: 'cancel',
    auth: 'user',
    uses: { tables: [{ table: 'jobs', access: 'readwrite' }] },
  },
  {
    id: 'jobs.events',
    method: 'GET',
    path: '/jobs/{id}/events',
    summary: `Server-Sent Events: job_progress, then job_complete, job_failed or job_cancelled; a keep-alive comment after ${SSE_KEEP_ALIVE_SECONDS} s of quiet.`,
    service: 'jobs',
    handler: 'events',
    auth: 'user',
    stream: true,
    // API Gateway REST streaming allows up to 15 minutes; the handler closes idle streams at 5.
    timeoutSeconds: 330,
    // Reads the bucket only to sign the download link of job_complete; Redis for the SSE connection counts.
    uses: { ...READ_JOBS, buckets: [{ bucket: 'exports', access: 'read' }], redis: true },
  },
] as const satisfies ReadonlyArray<RouteContract>;
