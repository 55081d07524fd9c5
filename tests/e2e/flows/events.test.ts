import { randomUUID } from 'node:crypto';
import {
  ApiClient,
  type Caller,
  type E2eStack,
  e2eStack,
  newDriver,
  readSse,
  type SseEvent,
  type TestUser,
  tokenFor,
  waitFor,
} from '../support';

/**
 * The live events channel, black-box: an admin's and a driver's GET /events streams are read as
 * they arrive; an admin broadcast reaches the admin only; the driver's export job reaches the
 * driver's channel (job_progress, job_complete) from the jobs consumer; a reconnect with
 * Last-Event-ID replays exactly what was missed; /performance/metrics counts the open channels.
 */
let stack: E2eStack;
let api: ApiClient;
let driver: TestUser;
let admin: { userId: string; as: { token: string } };
const run = randomUUID().slice(0, 8);

/** A channel read in the background: every event in arrival order, until closed. */
interface Channel {
  readonly events: Array<SseEvent & { json: Record<string, unknown> }>;
  readonly status: number;
  close(): void;
  next(predicate: (event: Channel['events'][number]) => boolean, what: string): Promise<Channel['events'][number]>;
}

async function openChannel(as: Caller, lastEventId?: string): Promise<Channel> {
  const abort = new AbortController();
  const response = await fetch(api.url('/events'), {
    headers: { ...api.authHeaders(as), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: abort.signal,
  });
  const events: Channel['events'] = [];
  void (async () => {
    try {
      for await (const event of readSse(response)) events.push({ ...event, json: JSON.parse(event.data) as Record<string, unknown> });
    } catch {
      // aborted by close()
    }
  })();
  return {
    events,
    status: response.status,
    close: () => abort.abort(),
    next: (predicate, what) => waitFor(async () => events.find(predicate), { what, timeoutMs: 60_000 }),
  };
}

beforeAll(async () => {
  stack = e2eStack();
  api = new ApiClient(stack);
  driver = await newDriver(stack, 'events');
  const userId = `e2e-admin-events-${run}`;
  admin = { userId, as: { token: await tokenFor(stack, { userId, email: `${userId}@e2e.test`, roles: ['admin'] }) } };
});

describe('GET /events', () => {
  it('carries admin broadcasts to admins only, job messages to their owner, and resumes with Last-Event-ID', async () => {
    const adminChannel = await openChannel(admin.as);
    const driverChannel = await openChannel(driver.as);
    expect(adminChannel.status).toBe(200);
    expect(driverChannel.status).toBe(200);

    // Both channels are counted while open (across containers, in /performance/metrics).
    await waitFor(
      async () => {
        const metrics = await api.get<{ sse: { byUser: Array<{ userId: string; connections: number }> } }>('/performance/metrics', {
          as: 'admin',
        });
        const users = new Set(metrics.body.sse.byUser.map((row) => row.userId));
        return users.has(admin.userId) && users.has(driver.userId) ? true : undefined;
      },
      { what: 'both channels counted', timeoutMs: 30_000 },
    );

    const title = `e2e broadcast ${run}`;
    const sent = await api.post<{ id: string }>('/events/alerts', { as: admin.as, body: { title, message: 'first', severity: 'info' } });
    expect(sent.status).toBe(202);
    const first = await adminChannel.next((event) => event.event === 'system_alert' && event.json.title === title, 'the broadcast');
    expect(first.json).toMatchObject({ severity: 'info', source: 'broadcast', message: 'first' });
    expect((await api.post('/events/alerts', { as: driver.as, body: { title, message: 'no' } })).status).toBe(403);

    // The driver's export job: its messages come from the jobs consumer to the driver's channel.
    const job = await api.post<{ jobId: string }>('/jobs', { as: driver.as, body: { type: 'export', params: { source: 'incidents' } } });
    expect(job.status).toBe(202);
    const complete = await driverChannel.next(
      (event) => event.event === 'job_complete' && event.json.jobId === job.body.jobId,
      'job_complete on the driver channel',
    );
    expect(complete.json).toMatchObject({ status: 'completed', progress: 100 });
    expect(driverChannel.events.filter((event) => event.event === 'system_alert')).toEqual([]);
    expect(adminChannel.events.filter((event) => event.json.jobId === job.body.jobId)).toEqual([]);

    // Away for two broadcasts, back with the last id seen: exactly those two, in order.
    adminChannel.close();
    for (const message of ['second', 'third'])
      expect((await api.post('/events/alerts', { as: admin.as, body: { title, message } })).status).toBe(202);
    const resumed = await openChannel(admin.as, first.id);
    await resumed.next((event) => event.json.message === 'third', 'the replayed third broadcast');
    expect(resumed.events.filter((event) => event.json.title === title).map((event) => event.json.message)).toEqual(['second', 'third']);
    resumed.close();
    driverChannel.close();
  });
});
