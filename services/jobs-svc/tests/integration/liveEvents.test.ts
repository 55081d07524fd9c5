import { randomUUID } from 'node:crypto';
import { ENV, PLATFORM_ROUTES } from '@roadcall/contracts';
import { moduleResolver, type RunningApiServer, startApiServer } from '@roadcall/local';
import { flushMetrics, type MetricsStore, metricsKeyPrefix, readMetrics, stopMetrics } from '@roadcall/utils/metrics';
import { closeRedisClient, redisClient, scanAll, unlinkAny } from '@roadcall/utils/redis';
import * as z from 'zod/mini';
import { createJobsConsumer } from '../../src/consumer';
import { PublishingJobStore } from '../../src/liveEvents';
import { createRegistry } from '../../src/processors';
import { enqueueJob } from '../../src/queue';
import { type JobProcessor, JobRegistry } from '../../src/registry';
import { JobRunner } from '../../src/runner';
import { JobStore } from '../../src/store';
import { type Harness, newUser, SseClient, startHarness } from './support';

jest.setTimeout(90_000);

/**
 * Real jobs run by the real consumer reaches its owner's live channel (GET /events, the platform
 * service's route on the same Redis): job_progress in order, then job_complete, or job_failed;
 * another user's channel gets none of it. Finished jobs are in the metrics per type.
 */
const RUN = randomUUID().slice(0, 8);
let harness: Harness;
let events: RunningApiServer;
const clients: SseClient[] = [];

const connect = (token: string): SseClient => {
  const client = new SseClient(`${events.url}/events`, token);
  clients.push(client);
  return client;
};
const connected = (client: SseClient) => client.waitFor((event) => event.comment === 'connected');
const named = (client: SseClient, type?: string) => client.events.filter((event) => event.event && (!type || event.event === type));

beforeAll(async () => {
  process.env[ENV.eventsKeyPrefix] = `test:events:${RUN}`;
  process.env[ENV.metricsKeyPrefix] = `test:metrics:${RUN}`;
  harness = await startHarness({ consumer: () => createJobsConsumer({ registry: createRegistry(), progressIntervalMs: 0 }) });
  events = await startApiServer({
    routes: PLATFORM_ROUTES.filter((route) => route.id === 'platform.events'),
    resolve: moduleResolver(),
    jwtSecret: process.env[ENV.localJwtSecret] as string,
    stage: 'test',
  });
});

afterAll(async () => {
  for (const client of clients) client.close();
  // Every master's keys (a Cluster's SCAN cursor belongs to one node), one UNLINK per slot.
  const redis = redisClient();
  for (const prefix of [process.env[ENV.eventsKeyPrefix], process.env[ENV.metricsKeyPrefix]]) {
    for await (const found of scanAll(redis, `${prefix}:*`)) await unlinkAny(redis, found);
  }
  await events.close();
  await harness.stop();
  stopMetrics();
  await closeRedisClient();
});

it("sends a job's progress, completion and failure to its owner's channel only, and counts them per type", async () => {
  const owner = newUser(['driver']);
  const other = newUser(['driver']);
  const mine = connect(await owner.token());
  const theirs = connect(await other.token());
  await Promise.all([connected(mine), connected(theirs)]);

  const done = await harness.store.create({
    userId: owner.userId,
    userEmail: owner.email,
    type: 'export',
    priority: 'normal',
    params: { source: 'incidents' },
  });
  // Parameters its type refuses: the runner fails the job (stored without the API's validation).
  const broken = await harness.store.create({
    userId: owner.userId,
    type: 'bulk_operation',
    priority: 'high',
    params: { operation: 'no_such_operation' },
  });
  await enqueueJob(done.jobId, 'normal');
  await enqueueJob(broken.jobId, 'high');

  const complete = await mine.waitFor((event) => event.event === 'job_complete' && event.data?.jobId === done.jobId, 60_000);
  expect(complete.data).toMatchObject({
    status: 'completed',
    progress: 100,
    result: expect.objectContaining({ downloadUrl: expect.any(String) }),
  });
  const failed = await mine.waitFor((event) => event.event === 'job_failed' && event.data?.jobId === broken.jobId, 60_000);
  expect(failed.data).toMatchObject({ status: 'failed', error: expect.stringContaining('Invalid parameters') });

  const progress = named(mine, 'job_progress')
    .filter((event) => event.data?.jobId === done.jobId)
    .map((event) => Number(event.data?.progress));
  expect(progress.length).toBeGreaterThanOrEqual(1);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  // Every message on the owner's channel is about the owner's jobs.
  expect(new Set(named(mine).map((event) => event.data?.jobId))).toEqual(new Set([done.jobId, broken.jobId]));

  // The other driver's channel is live, and got nothing of the owner's jobs.
  const { publishJobEvent } = await import('@roadcall/platform-svc/events');
  await publishJobEvent(other.userId, 'job_progress', { jobId: 'marker' });
  await theirs.waitFor((event) => event.data?.jobId === 'marker');
  expect(named(theirs).map((event) => event.data?.jobId)).toEqual(['marker']);

  // Processing time and completion per job type, across containers (this one flushes now).
  await flushMetrics();
  const metrics = await readMetrics(redisClient() as unknown as MetricsStore, metricsKeyPrefix(), { minutes: 5 });
  expect(metrics.jobs.find((series) => series.name === 'export')).toMatchObject({ count: 1, errors: 0 });
  const bulk = metrics.jobs.find((series) => series.name === 'bulk_operation');
  expect(bulk).toMatchObject({ count: 1, errors: 1 });
  expect(bulk?.latencyMs.p50).toEqual(expect.any(Number));
});

it('forgets a run however it ends: cancelled, lease lost, yielded or thrown for a retry leave no entry behind', async () => {
  const owner = newUser(['driver']);
  const store = new PublishingJobStore({ publish: async () => undefined });
  const plain = new JobStore();
  const probe: JobProcessor<{ mode: string }> = {
    type: 'probe',
    description: 'ends its run the way params.mode says',
    params: z.object({ mode: z.string() }),
    defaultPriority: 'normal',
    run: async ({ job, params, chunkDone }) => {
      if (params.mode === 'cancelled') await plain.cancel(job.jobId);
      // Another worker takes the job over (a redelivery after a visibility timeout).
      if (params.mode === 'lease-lost') await plain.claim(job.jobId, randomUUID());
      if (params.mode === 'retry') throw new Error('transient');
      await chunkDone(1, { at: 1 });
      return { summary: {} };
    },
  };
  const runner = new JobRunner({
    registry: new JobRegistry().register(probe),
    store,
    progressIntervalMs: 0,
    notify: async () => undefined,
  });
  const run = async (mode: string, remainingMs?: () => number): Promise<string> => {
    const job = await store.create({ userId: owner.userId, type: 'probe', priority: 'normal', params: { mode } });
    return runner.run({ jobId: job.jobId, lastAttempt: false, remainingMs }).catch((error: Error) => `threw ${error.message}`);
  };

  expect(await run('cancelled')).toBe('cancelled');
  expect(store.runningJobs).toBe(0);
  expect(await run('lease-lost')).toBe('lease-lost');
  expect(store.runningJobs).toBe(0);
  expect(await run('yield', () => 0)).toBe('yielded');
  expect(store.runningJobs).toBe(0);
  expect(await run('retry')).toBe('threw transient');
  expect(store.runningJobs).toBe(0);
  expect(await run('complete')).toBe('completed');
  expect(store.runningJobs).toBe(0);
});

it('remembers at most maxRunning runs (the oldest goes first)', async () => {
  const owner = newUser(['driver']);
  const store = new PublishingJobStore({ publish: async () => undefined, maxRunning: 2 });
  for (let index = 0; index < 3; index++) {
    const job = await store.create({ userId: owner.userId, type: 'export', priority: 'normal', params: { source: 'incidents' } });
    expect((await store.claim(job.jobId, randomUUID())).kind).toBe('claimed');
  }
  expect(store.runningJobs).toBe(2);
});
