import {
  ApiClient,
  type E2eStack,
  type ErrorBody,
  e2eStack,
  incidentBody,
  newDriver,
  readSse,
  remoteSpot,
  type SseEvent,
  show,
  type TestUser,
  waitFor,
} from '../support';

/**
 * An export job, black-box: it is queued (202), its Server-Sent Events stream is read as it
 * arrives until `job_complete`, the CSV behind its presigned link holds the driver's incident, and
 * its one email reaches the mailbox (aws-ses-v2-local's `/store`). Another job is cancelled.
 */
let stack: E2eStack;
let api: ApiClient;
let driver: TestUser;
let incidentId: string;

interface Job {
  readonly jobId: string;
  readonly status: string;
  readonly progress: number;
  readonly result?: { downloadUrl?: string; summary?: Record<string, unknown> };
}

interface StoredMail {
  readonly destination: { to: string[] };
  readonly subject: string;
  readonly body: { text?: string; html?: string };
}

beforeAll(async () => {
  stack = e2eStack();
  api = new ApiClient(stack);
  driver = await newDriver(stack, 'job');
  const created = await api.post<{ incidentId: string }>('/incidents', { as: driver.as, body: incidentBody(remoteSpot()) });
  if (created.status !== 201) throw new Error(`POST /incidents: ${show(created)}`);
  incidentId = created.body.incidentId;
});

async function createExport(): Promise<Job> {
  const created = await api.post<Job>('/jobs', { as: driver.as, body: { type: 'export', params: { source: 'incidents' } } });
  expect(created.status).toBe(202);
  expect(created.body.status).toBe('queued');
  return created.body;
}

async function mailsTo(address: string): Promise<StoredMail[]> {
  const response = await fetch(`${stack.mailboxUrl}/store`);
  expect(response.status).toBe(200);
  const store = (await response.json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(address));
}

describe('jobs', () => {
  it('rejects an unknown type and bad params (400), and an export of every vendor by a driver (403)', async () => {
    const unknown = await api.post<ErrorBody>('/jobs', { as: driver.as, body: { type: 'mine_bitcoin', params: {} } });
    expect(unknown.status).toBe(400);
    const badParams = await api.post<ErrorBody>('/jobs', { as: driver.as, body: { type: 'export', params: { source: 'everything' } } });
    expect(badParams.status).toBe(400);
    const notAdmin = await api.post<ErrorBody>('/jobs', { as: driver.as, body: { type: 'export', params: { source: 'vendors' } } });
    expect(notAdmin.status).toBe(403);
  });

  it('runs an export to completion over SSE, with a downloadable CSV and one email', async () => {
    const job = await createExport();
    const response = await api.raw('GET', `/jobs/${job.jobId}/events`, { as: driver.as });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');

    const events: SseEvent[] = [];
    for await (const event of readSse(response)) {
      events.push(event);
      if (['job_complete', 'job_failed', 'job_cancelled'].includes(event.event)) break;
    }
    const last = events.at(-1);
    expect(last?.event).toBe('job_complete');
    // Ids increase, and nothing but progress comes before the end.
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(events.slice(0, -1).every((event) => event.event === 'job_progress')).toBe(true);
    const completed = JSON.parse(last?.data ?? '{}') as Job;
    expect(completed).toMatchObject({ jobId: job.jobId, status: 'completed', progress: 100 });
    expect(completed.result?.summary).toMatchObject({ rows: 1, source: 'incidents' });

    const downloadUrl = completed.result?.downloadUrl;
    expect(downloadUrl).toMatch(/^https?:\/\//);
    const csv = await fetch(downloadUrl as string);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(incidentId);

    const fresh = await api.get<Job>(`/jobs/${job.jobId}`, { as: driver.as });
    expect(fresh.status).toBe(200);
    expect(fresh.body.status).toBe('completed');

    const mails = await waitFor(
      async () => {
        const found = (await mailsTo(driver.email)).filter((mail) => mail.body.text?.includes(job.jobId));
        return found.length > 0 ? found : undefined;
      },
      { what: `the email of job ${job.jobId} to ${driver.email}`, timeoutMs: 20_000 },
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toMatch(/export job is ready/i);
  });

  it('answers a cancel that races the consumer consistently: 200 and cancelled, or 409 and completed', async () => {
    // Small exports finish in well under a second: whether a DELETE beats the consumer depends on
    // the machine, so either answer is right, as long as it matches the job's final state.
    const jobs = await Promise.all([createExport(), createExport(), createExport()]);
    const answers = await Promise.all(jobs.map((job) => api.delete<Job & ErrorBody>(`/jobs/${job.jobId}`, { as: driver.as })));
    for (const [index, answer] of answers.entries()) {
      const job = jobs[index] as Job;
      const final = await api.get<Job>(`/jobs/${job.jobId}`, { as: driver.as });
      if (answer.status === 200) {
        expect(answer.body.status).toBe('cancelled');
        expect(final.body.status).toBe('cancelled'); // a cancelled job never turns completed
      } else {
        expect(show(answer)).toMatch(/^409 .*JOB_STATE_CONFLICT/);
        expect(final.body.status).toBe('completed');
      }
    }
  });

  it('cancels a long job before it ends: 200 cancelled, its stream ends with job_cancelled, no email; a second cancel is a 409', async () => {
    // A bulk operation over 10,000 vendor ids (none exists, so nothing is written) reads them in
    // a hundred batches: it is still running when the DELETE arrives, on any machine.
    const vendorIds = Array.from({ length: 10_000 }, (_, index) => `e2e-none-${Date.now()}-${index}`);
    const created = await api.post<Job>('/jobs', {
      as: 'admin',
      body: { type: 'bulk_operation', params: { operation: 'update_vendors', set: { rating: 4 }, vendorIds } },
    });
    expect(show(created)).toMatch(/^202 /);
    const jobId = created.body.jobId;
    const cancelled = await api.delete<Job>(`/jobs/${jobId}`, { as: 'admin' });
    expect(show(cancelled)).toMatch(/^200 /);
    expect(cancelled.body.status).toBe('cancelled');

    const response = await api.raw('GET', `/jobs/${jobId}/events`, { as: 'admin' });
    expect(response.status).toBe(200);
    const events: SseEvent[] = [];
    for await (const event of readSse(response)) events.push(event);
    expect(events.at(-1)?.event).toBe('job_cancelled');

    const again = await api.delete<ErrorBody>(`/jobs/${jobId}`, { as: 'admin' });
    expect(again.status).toBe(409);
    expect((await api.get<Job>(`/jobs/${jobId}`, { as: 'admin' })).body.status).toBe('cancelled');
    const store = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as { emails: StoredMail[] };
    expect(store.emails.filter((mail) => mail.body.text?.includes(jobId))).toEqual([]);

    const stranger = await newDriver(stack, 'job-stranger');
    const hidden = await api.get<ErrorBody>(`/jobs/${jobId}`, { as: stranger.as });
    expect(hidden.status).toBe(404);
    const hiddenStream = await api.get<ErrorBody>(`/jobs/${jobId}/events`, { as: stranger.as });
    expect(hiddenStream.status).toBe(404);
  });
});
