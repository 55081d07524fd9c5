/// <reference lib="dom" />
import { type Api, ApiError } from './api';
import { h } from './dom';
import { every, meaningfulPaint, type View } from './views';

interface Job {
  jobId: string;
  type: string;
  status: string;
  progress: number;
  createdAt: string;
  result?: { downloadUrl?: string };
}

const ACTIVE = new Set(['queued', 'processing']);

/** Jobs: the caller's list, live progress bars over SSE, cancel, download, and an export form. */
export function jobsView(api: Api): View {
  const jobs = new Map<string, Job>();
  const streams = new Map<string, AbortController>();
  const rows = h('tbody');
  const message = h('p', { class: 'muted' });
  const source = h(
    'select',
    { 'data-testid': 'export-source' },
    h('option', { value: 'incidents' }, 'incidents'),
    h('option', { value: 'vendors' }, 'vendors'),
  ) as HTMLSelectElement;

  const render = (): void => {
    rows.replaceChildren(
      ...[...jobs.values()]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((job) =>
          h(
            'tr',
            { 'data-job-id': job.jobId },
            h('td', {}, job.jobId.slice(0, 8)),
            h('td', {}, job.type),
            h('td', {}, h('span', { class: 'status', 'data-status': job.status }, job.status)),
            h(
              'td',
              {},
              h(
                'span',
                {
                  class: 'bar',
                  role: 'progressbar',
                  'aria-valuemin': 0,
                  'aria-valuemax': 100,
                  'aria-valuenow': job.progress,
                  'data-progress': job.progress,
                },
                h('span', { style: `width:${job.progress}%` }),
              ),
              ` ${job.progress}%`,
            ),
            h(
              'td',
              {},
              ACTIVE.has(job.status) && h('button', { 'data-action': 'cancel', onclick: () => void cancel(job.jobId) }, 'Cancel'),
              job.result?.downloadUrl &&
                h('a', { href: job.result.downloadUrl, 'data-action': 'download', download: `${job.jobId}.csv` }, 'Download'),
            ),
          ),
        ),
    );
  };

  const update = (job: Job): void => {
    const previous = jobs.get(job.jobId);
    // Progress never goes back; an event may overtake a list read.
    jobs.set(
      job.jobId,
      previous && previous.progress > job.progress && ACTIVE.has(job.status) ? { ...job, progress: previous.progress } : job,
    );
    if (ACTIVE.has(job.status)) follow(job.jobId);
    render();
  };

  const follow = (jobId: string): void => {
    if (streams.has(jobId)) return;
    const controller = new AbortController();
    streams.set(jobId, controller);
    api
      .stream(
        `/jobs/${encodeURIComponent(jobId)}/events`,
        (event, data) => {
          if (!event.startsWith('job_')) return;
          const job = JSON.parse(data) as Job;
          update(
            event === 'job_complete' || event === 'job_failed' || event === 'job_cancelled' ? job : { ...(jobs.get(jobId) as Job), ...job },
          );
        },
        controller.signal,
      )
      .catch(() => undefined)
      .finally(() => {
        streams.delete(jobId);
        // The stream ended: read the job once more (a fresh download link, the final state).
        if (!controller.signal.aborted)
          void api
            .get<Job>(`/jobs/${encodeURIComponent(jobId)}`)
            .then((job) => {
              jobs.set(job.jobId, job);
              render();
            })
            .catch(() => undefined);
      });
  };

  const cancel = async (jobId: string): Promise<void> => {
    try {
      update(await api.request<Job>('DELETE', `/jobs/${encodeURIComponent(jobId)}`));
      message.textContent = `Job ${jobId.slice(0, 8)} cancelled.`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        message.textContent = `Job ${jobId.slice(0, 8)} had already ended.`;
        update(await api.get<Job>(`/jobs/${encodeURIComponent(jobId)}`));
      } else message.textContent = (error as Error).message;
    }
  };

  const priority = h(
    'select',
    { 'data-testid': 'export-priority' },
    h('option', { value: '' }, 'default'),
    ...['high', 'normal', 'low'].map((p) => h('option', { value: p }, p)),
  ) as HTMLSelectElement;

  const start = async (): Promise<void> => {
    try {
      const job = await api.request<Job>('POST', '/jobs', {
        type: 'export',
        params: { source: source.value },
        priority: priority.value || undefined,
      });
      message.textContent = `Export ${job.jobId.slice(0, 8)} queued.`;
      update(job);
    } catch (error) {
      message.textContent = (error as Error).message;
    }
  };

  const root = h(
    'div',
    {},
    h(
      'section',
      {},
      h('h2', {}, 'Start an export'),
      'Source ',
      source,
      ' priority ',
      priority,
      ' ',
      h('button', { class: 'primary', 'data-testid': 'start-export', onclick: () => void start() }, 'Start export'),
      message,
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Jobs (live progress over Server-Sent Events)'),
      h(
        'table',
        { 'data-testid': 'jobs' },
        h('thead', {}, h('tr', {}, ...['job', 'type', 'status', 'progress', ''].map((t) => h('th', {}, t)))),
        rows,
      ),
    ),
  );
  const stopPolling = every(
    5_000,
    async () => {
      const page = await api.get<{ items: Job[] }>('/jobs?limit=20');
      for (const job of page.items) if (!streams.has(job.jobId)) update(job);
      render();
      meaningfulPaint();
    },
    (error) => {
      message.textContent = (error as Error).message;
    },
  );
  return {
    root,
    stop: () => {
      stopPolling();
      for (const controller of streams.values()) controller.abort();
    },
  };
}
