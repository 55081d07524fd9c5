import { randomUUID } from 'node:crypto';
import { TABLES } from '@roadcall/contracts';
import { createJobsConsumer } from '../../src/consumer';
import { type BulkParams, createRegistry } from '../../src/processors';
import type { JobProcessor, JobRegistry } from '../../src/registry';
import { call, deleteItems, type Harness, newUser, putItems, SseClient, startHarness, testVendor } from './support';

jest.setTimeout(60_000);

/**
 * GET /jobs/{id}/events through the local API adapter's streaming path: ordered progress, then
 * completion; keep-alive comments and the lifetime close; 404 for someone else's job.
 */
let client: SseClient | undefined;

/** Each chunk waits until the SSE client has seen its progress, so every step is observable. */
function lockstep(base: JobRegistry): JobRegistry {
  const real = base.get('bulk_operation') as JobProcessor<BulkParams>;
  return base.with<BulkParams>({
    ...real,
    run: (context) =>
      real.run({
        ...context,
        chunkDone: async (items, checkpoint) => {
          // Counted before the chunk's progress is written: the stream may deliver that event
          // before chunkDone's await returns here (a busy machine), and counting after it would
          // wait for an event that never comes while the job waits on this.
          const watcher = client;
          const before = watcher?.events.filter((event) => event.event === 'job_progress').length ?? 0;
          await context.chunkDone(items, checkpoint);
          if (!watcher) return;
          await watcher.waitFor(
            (event) => event.event === 'job_progress' && watcher.events.filter((e) => e.event === 'job_progress').indexOf(event) >= before,
          );
        },
      }),
  });
}

describe('job events (SSE)', () => {
  let harness: Harness;
  const vendorsTable = (): string => process.env[TABLES.vendors.envVar] as string;
  const created: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({
      consumer: () => createJobsConsumer({ registry: lockstep(createRegistry()), progressIntervalMs: 0 }),
      // 45 s: each vendor of the job now goes through the vendors service (table, index, cache purge).
      timing: { pollMs: 20, keepAliveMs: 100, maxDurationMs: 45_000 },
    });
  });
  afterAll(async () => {
    client?.close();
    await deleteItems(vendorsTable(), 'vendorId', created);
    await harness.stop();
  });

  it('streams ordered job_progress events, then job_complete, and ends', async () => {
    const admin = newUser(['admin']);
    const token = await admin.token();
    const ids = Array.from({ length: 300 }, () => `v-sse-${randomUUID()}`);
    created.push(...ids);
    await putItems(
      vendorsTable(),
      ids.map((vendorId) => testVendor(vendorId)),
    );

    // The job is created queued but not yet enqueued, so the client is attached before it runs.
    const job = await harness.store.create({
      userId: admin.userId,
      userEmail: admin.email,
      type: 'bulk_operation',
      priority: 'normal',
      params: { operation: 'update_vendors', set: { rating: 3 }, vendorIds: ids },
    });
    client = new SseClient(`${harness.api.url}/jobs/${job.jobId}/events`, token);
    await client.waitFor((event) => event.event === 'job_progress');
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toContain('text/event-stream');
    const { enqueueJob } = await import('../../src/queue');
    await enqueueJob(job.jobId, 'normal');

    await client.waitFor((event) => event.event === 'job_complete');
    await client.ended;
    const events = client.events.filter((event) => event.event);
    const names = events.map((event) => event.event);
    expect(names[names.length - 1]).toBe('job_complete');
    expect(names.slice(0, -1).every((name) => name === 'job_progress')).toBe(true);
    const processed = events.filter((event) => event.event === 'job_progress').map((event) => event.data?.processedItems as number);
    // queued (0), maybe processing (0), then one event per 100-vendor chunk: never backwards.
    expect([...processed].sort((a, b) => a - b)).toEqual(processed);
    expect([...new Set(processed)]).toEqual([0, 100, 200, 300]);
    expect(events[0]?.data).toMatchObject({ status: 'queued', processedItems: 0 });
    const progress = events.map((event) => event.data?.progress as number);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress[progress.length - 1]).toBe(100);
    const ids2 = events.map((event) => Number(event.id));
    expect([...ids2].sort((a, b) => a - b)).toEqual(ids2);
    expect(events[events.length - 1]?.data).toMatchObject({ status: 'completed', processedItems: 300 });
    client = undefined;
  });

  it('sends keep-alive comments while nothing changes', async () => {
    // A long lifetime: the test waits for the comments themselves, however slow the machine.
    const quiet = await startHarness({
      consumer: () => createJobsConsumer({ registry: createRegistry() }),
      timing: { pollMs: 20, keepAliveMs: 100, maxDurationMs: 60_000 },
    });
    const user = newUser();
    const job = await quiet.store.create({
      userId: user.userId,
      type: 'export',
      priority: 'low',
      params: { source: 'incidents', scope: 'mine' },
    });
    const watcher = new SseClient(`${quiet.api.url}/jobs/${job.jobId}/events`, await user.token());
    try {
      const keepAlives = (): number => watcher.events.filter((event) => event.comment === 'keep-alive').length;
      await watcher.waitFor(() => keepAlives() >= 3, 30_000);
      expect(watcher.status).toBe(200);
      expect(watcher.done).toBe(false);
      // Nothing changed: one job_progress (the state at open), then only comments.
      expect(watcher.events.filter((event) => event.event === 'job_progress')).toHaveLength(1);
    } finally {
      watcher.close();
      await quiet.stop({ keepClients: true });
    }
  });

  it('closes the stream at its lifetime with a closing comment', async () => {
    const short = await startHarness({
      consumer: () => createJobsConsumer({ registry: createRegistry() }),
      timing: { pollMs: 20, keepAliveMs: 100, maxDurationMs: 450 },
    });
    try {
      const user = newUser();
      const job = await short.store.create({
        userId: user.userId,
        type: 'export',
        priority: 'low',
        params: { source: 'incidents', scope: 'mine' },
      });
      const watcher = new SseClient(`${short.api.url}/jobs/${job.jobId}/events`, await user.token());
      await watcher.ended;
      expect(watcher.status).toBe(200);
      expect(watcher.events.filter((event) => event.event === 'job_progress')).toHaveLength(1);
      expect(watcher.events[watcher.events.length - 1]?.comment).toContain('closing');
    } finally {
      await short.stop({ keepClients: true });
    }
  });

  it("answers 404 (JSON, no stream) for another user's job and 401 without a token", async () => {
    const owner = newUser();
    const job = await harness.store.create({
      userId: owner.userId,
      type: 'export',
      priority: 'low',
      params: { source: 'incidents', scope: 'mine' },
    });
    const stranger = newUser();
    const denied = new SseClient(`${harness.api.url}/jobs/${job.jobId}/events`, await stranger.token());
    await denied.ended;
    expect(denied.status).toBe(404);
    expect(denied.headers['content-type']).toContain('application/json');
    expect(JSON.parse(denied.body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await call(harness.api, 'GET', `/jobs/${job.jobId}/events`)).status).toBe(401);
  });
});
