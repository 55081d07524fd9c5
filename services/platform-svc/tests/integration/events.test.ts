import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, functionId, LIVE_EVENTS, PLATFORM_ROUTES, QUEUES } from '@roadcall/contracts';
import {
  createQueue,
  type HandlerResolver,
  type LocalIdentity,
  moduleResolver,
  type RunningApiServer,
  SseClient,
  signLocalToken,
  startApiServer,
} from '@roadcall/local';
import { sqsClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import {
  flushMetrics,
  recordRequest,
  renewSseConnections,
  sseConnectionsKey,
  stopMetrics,
  trackSseConnection,
} from '@roadcall/utils/metrics';
import { closeRedisClient, redisClient, scanAll, unlinkAny } from '@roadcall/utils/redis';
import type { AlertMemory } from '../../src/events/alertSources';
import type { SystemAlert } from '../../src/events/alerts';
import type { ChannelTiming } from '../../src/events/channel';
import { createLiveEventsHandler } from '../../src/events/handler';
import { publishAnalyticsUpdate, publishJobEvent } from '../../src/events/index';
import { audienceKey } from '../../src/events/keys';
import { runMonitor } from '../../src/events/monitor';
import { dlqDepths } from '../../src/performance/dlq';

jest.setTimeout(60_000);

/**
 * GET /events over real HTTP through the local API adapter's streaming path, on the test Redis:
 * per-user isolation, admin-only system alerts from their three sources, lossless resume with
 * Last-Event-ID, keep-alive and the lifetime close, and connection counts across the registry.
 */
const RUN = randomUUID().slice(0, 8);
const FAST: ChannelTiming = { pollMs: 20, keepAliveMs: 150, maxDurationMs: 60_000 };
const SHORT_LIVED: ChannelTiming = { pollMs: 20, keepAliveMs: 100, maxDurationMs: 400 };

let api: RunningApiServer;
let shortApi: RunningApiServer;
const clients: SseClient[] = [];

type User = LocalIdentity & { token: string };
async function newUser(role: LocalIdentity['roles'][number]): Promise<User> {
  const userId = `u-${role}-${randomUUID()}`;
  const identity: LocalIdentity = { userId, email: `${userId}@test.roadcall.local`, roles: [role] };
  return { ...identity, token: await signLocalToken(identity, process.env[ENV.localJwtSecret] as string) };
}

function connect(user: User, options: { lastEventId?: string; server?: RunningApiServer; query?: string } = {}): SseClient {
  const client = new SseClient(`${(options.server ?? api).url}/events${options.query ?? ''}`, user.token, options.lastEventId);
  clients.push(client);
  return client;
}

/** The parts of GET /performance/metrics these tests read. */
interface MetricsBody {
  sse: { total: number; byRoute: Record<string, number>; byUser: Array<{ userId: string; connections: number }> };
  containers: Array<{ cpuPercent: number; sseConnections: Record<string, number> }>;
}

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  user: User,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/** Polls a real condition (bounded): the registry is written after the stream opens, off its path. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function serve(timing: ChannelTiming): Promise<RunningApiServer> {
  const modules = moduleResolver();
  const events = createLiveEventsHandler(timing);
  const resolve: HandlerResolver = (spec) =>
    functionId(spec) === 'platform.events' ? (events as unknown as ReturnType<HandlerResolver>) : modules(spec);
  return startApiServer({ routes: PLATFORM_ROUTES, resolve, jwtSecret: process.env[ENV.localJwtSecret] as string, stage: 'test' });
}

beforeAll(async () => {
  // This file's own keyspaces: the admins' stream and the connection registry are shared keys.
  process.env[ENV.eventsKeyPrefix] = `test:events:${RUN}`;
  process.env[ENV.metricsKeyPrefix] = `test:metrics:${RUN}`;
  api = await serve(FAST);
  shortApi = await serve(SHORT_LIVED);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  // Every master's keys (a Cluster's SCAN cursor belongs to one node), one UNLINK per slot.
  const redis = redisClient();
  for (const prefix of [process.env[ENV.eventsKeyPrefix], process.env[ENV.metricsKeyPrefix]]) {
    for await (const found of scanAll(redis, `${prefix}:*`)) await unlinkAny(redis, found);
  }
  await api.close();
  await shortApi.close();
  stopMetrics();
  await closeCaches();
  await closeRedisClient();
  sqsClient().destroy();
});

describe('GET /events: who receives what', () => {
  it('opens a text/event-stream, answers 401 without a token and 400 for a Last-Event-ID it never sent', async () => {
    const driver = await newUser('driver');
    const client = connect(driver);
    await client.connected();
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toContain('text/event-stream');
    expect(client.events[0]?.retry).toBeGreaterThan(0);

    expect((await fetch(`${api.url}/events`)).status).toBe(401);
    const bad = await fetch(`${api.url}/events`, { headers: { Authorization: `Bearer ${driver.token}`, 'Last-Event-ID': 'not-an-id' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_LAST_EVENT_ID');
    // A driver's id holds one stream position; an admin-shaped one (two) is refused too.
    const twoPart = await fetch(`${api.url}/events?lastEventId=1-0_2-0`, { headers: { Authorization: `Bearer ${driver.token}` } });
    expect(twoPart.status).toBe(400);
  });

  it('delivers a broadcast system_alert to every connected admin and to no driver', async () => {
    const [adminA, adminB, driver] = await Promise.all([newUser('admin'), newUser('admin'), newUser('driver')]);
    const [a, b, d] = [connect(adminA), connect(adminB), connect(driver)];
    await Promise.all([a.connected(), b.connected(), d.connected()]);

    const sent = await call('POST', '/events/alerts', adminA, {
      severity: 'critical',
      title: 'Dispatch degraded',
      message: 'Matching is slow',
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ id: expect.stringMatching(/^\d+-\d+$/), delivered: 'admins' });
    for (const admin of [a, b]) {
      const alert = await admin.waitFor((event) => event.event === 'system_alert');
      expect(alert.data).toMatchObject({
        severity: 'critical',
        title: 'Dispatch degraded',
        message: 'Matching is slow',
        source: 'broadcast',
        details: { sentBy: adminA.userId },
      });
    }
    // The driver's channel is live and ordered: a message of its own sent after the alert arrives,
    // and nothing arrived before it.
    await publishJobEvent(driver.userId, 'job_progress', { jobId: 'marker', progress: 1 });
    await d.waitFor((event) => event.event === 'job_progress');
    expect(d.named()).toEqual([expect.objectContaining({ event: 'job_progress' })]);

    // Only admins may broadcast; a bad body is a 400.
    expect((await call('POST', '/events/alerts', driver, { title: 't', message: 'm' })).status).toBe(403);
    expect((await call('POST', '/events/alerts', adminA, { title: '', message: 'm' })).status).toBe(400);
    expect((await call('POST', '/events/alerts', adminA, { title: 't', message: 'm', extra: 1 })).status).toBe(400);
  });

  it("delivers a user's job messages to that user only, in order, and analytics_update to admins only", async () => {
    const [owner, other, admin] = await Promise.all([newUser('driver'), newUser('driver'), newUser('admin')]);
    const [mine, theirs, admins] = [connect(owner), connect(other), connect(admin)];
    await Promise.all([mine.connected(), theirs.connected(), admins.connected()]);

    await publishJobEvent(owner.userId, 'job_progress', { jobId: 'j1', progress: 10 });
    await publishJobEvent(owner.userId, 'job_progress', { jobId: 'j1', progress: 60 });
    await publishJobEvent(owner.userId, 'job_complete', { jobId: 'j1', progress: 100 });
    await publishJobEvent(owner.userId, 'job_failed', { jobId: 'j2', error: 'boom' });
    await publishAnalyticsUpdate({ views: ['daily_revenue'], refreshedAt: new Date().toISOString() });
    await publishJobEvent(other.userId, 'job_progress', { jobId: 'marker' });

    await mine.waitFor((event) => event.event === 'job_failed');
    expect(mine.named().map((event) => [event.event, event.data?.jobId])).toEqual([
      ['job_progress', 'j1'],
      ['job_progress', 'j1'],
      ['job_complete', 'j1'],
      ['job_failed', 'j2'],
    ]);
    await theirs.waitFor((event) => event.data?.jobId === 'marker');
    expect(theirs.named().map((event) => event.data?.jobId)).toEqual(['marker']);
    const update = await admins.waitFor((event) => event.event === 'analytics_update');
    expect(update.data).toMatchObject({ views: ['daily_revenue'] });
    // The admin's own channel carries no one else's job messages.
    expect(admins.named('job_progress')).toEqual([]);
    // The driver's channel got no analytics_update: its last message is its own job_failed.
    expect(mine.named('analytics_update')).toEqual([]);
  });
});

describe('GET /events: resume with Last-Event-ID', () => {
  it('replays exactly the messages sent while a driver was away, none twice', async () => {
    const driver = await newUser('driver');
    const first = connect(driver);
    await first.connected();
    await publishJobEvent(driver.userId, 'job_progress', { jobId: 'j', step: 0 });
    await first.waitFor((event) => event.data?.step === 0);
    const resumeFrom = first.lastEventId as string;
    first.close();
    await first.ended;

    for (let step = 1; step <= 25; step++) await publishJobEvent(driver.userId, 'job_progress', { jobId: 'j', step });
    const second = connect(driver, { lastEventId: resumeFrom });
    await second.waitFor((event) => event.data?.step === 25);
    expect(second.named().map((event) => event.data?.step)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(second.named('resync')).toEqual([]);

    // ?lastEventId works the same for clients that cannot set the header.
    const third = connect(driver, { query: `?lastEventId=${encodeURIComponent(second.named()[22]?.id as string)}` });
    await third.waitFor((event) => event.data?.step === 25);
    expect(third.named().map((event) => event.data?.step)).toEqual([24, 25]);
  });

  it("resumes both of an admin's streams (their own and the admins') from one id", async () => {
    const admin = await newUser('admin');
    const first = connect(admin);
    await first.connected();
    await publishJobEvent(admin.userId, 'job_progress', { n: 0 });
    await first.waitFor((event) => event.data?.n === 0);
    const resumeFrom = first.lastEventId as string;
    expect(resumeFrom.split('_')).toHaveLength(2);
    first.close();
    await first.ended;

    // Interleaved while away: own job messages and admin-wide messages.
    await publishJobEvent(admin.userId, 'job_progress', { n: 1 });
    await publishAnalyticsUpdate({ n: 2 });
    await publishJobEvent(admin.userId, 'job_complete', { n: 3 });
    await publishAnalyticsUpdate({ n: 4 });
    const second = connect(admin, { lastEventId: resumeFrom });
    await second.waitFor(() => second.named().length >= 4);
    const seen = second.named().map((event) => [event.event, event.data?.n] as const);
    // Every message once, none lost; each stream in its own order (the two streams are read
    // together, so their messages may interleave either way).
    expect([...seen].sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['job_progress', 1],
      ['analytics_update', 2],
      ['job_complete', 3],
      ['analytics_update', 4],
    ]);
    expect(seen.filter(([event]) => event !== 'analytics_update').map(([, n]) => n)).toEqual([1, 3]);
    expect(seen.filter(([event]) => event === 'analytics_update').map(([, n]) => n)).toEqual([2, 4]);
  });

  it('says resync when the messages after the id were trimmed away (the stream is capped)', async () => {
    const driver = await newUser('driver');
    const first = connect(driver);
    await first.connected();
    await publishJobEvent(driver.userId, 'job_progress', { n: 0 });
    await first.waitFor((event) => event.data?.n === 0);
    const resumeFrom = first.lastEventId as string;
    first.close();

    const overflow = LIVE_EVENTS.maxLength.user * 2 + 200;
    for (let n = 1; n <= overflow; n++) await publishJobEvent(driver.userId, 'job_progress', { n });
    expect(await redisClient().xlen(audienceKey({ user: driver.userId }))).toBeLessThan(overflow);
    const second = connect(driver, { lastEventId: resumeFrom });
    const resync = await second.waitFor((event) => event.event === 'resync');
    expect(resync.data).toMatchObject({ audiences: ['user'] });
    await second.waitFor((event) => event.data?.n === overflow);
  });
});

describe('GET /events: keep-alive, lifetime, connection counts', () => {
  it('sends keep-alive comments while quiet and closes at its lifetime', async () => {
    const driver = await newUser('driver');
    const client = connect(driver, { server: shortApi });
    await client.waitFor((event) => event.comment === 'keep-alive');
    await client.ended;
    expect(client.events.some((event) => event.comment?.startsWith('closing'))).toBe(true);
  });

  it('counts open connections per user and in total, down again as they close, and prunes stale entries', async () => {
    const admin = await newUser('admin');
    const [x, y] = await Promise.all([newUser('driver'), newUser('vendor')]);
    const metrics = async (): Promise<MetricsBody> => (await call<MetricsBody>('GET', '/performance/metrics?minutes=5', admin)).body;
    const countOf = (body: MetricsBody, userId: string): number => body.sse.byUser.find((row) => row.userId === userId)?.connections ?? 0;

    // A connection a lost container left behind: renewed long ago.
    const stale = `platform.events|gone-container|c0|u-stale-${RUN}`;
    await redisClient().zadd(sseConnectionsKey(process.env[ENV.metricsKeyPrefix] as string), Date.now() - 10 * 60_000, stale);

    const x1 = connect(x);
    const x2 = connect(x);
    const y1 = connect(y);
    await Promise.all([x1.connected(), x2.connected(), y1.connected()]);
    const up = await until(async () => {
      const body = await metrics();
      return countOf(body, x.userId) === 2 && countOf(body, y.userId) === 1 ? body : undefined;
    }, 'three connections counted');
    expect(up.sse.total).toBeGreaterThanOrEqual(3);
    expect(up.sse.byRoute['platform.events']).toBeGreaterThanOrEqual(3);
    expect(countOf(up, `u-stale-${RUN}`)).toBe(0);
    expect(await redisClient().zscore(sseConnectionsKey(process.env[ENV.metricsKeyPrefix] as string), stale)).toBeNull();

    x1.close();
    const down = await until(async () => {
      const body = await metrics();
      return countOf(body, x.userId) === 1 ? body : undefined;
    }, 'one connection of x released');
    expect(countOf(down, y.userId)).toBe(1);
    expect(down.sse.total).toBeLessThanOrEqual(up.sse.total - 1);
    // This container's own row counts what it holds open now.
    await flushMetrics();
    const row = (await metrics()).containers.find((c) => c.sseConnections['platform.events']);
    expect(row?.sseConnections['platform.events']).toBeGreaterThanOrEqual(2);
    expect(typeof row?.cpuPercent).toBe('number');
  });

  it('renews open connections through the shared client of the moment, after it was closed and recreated', async () => {
    const key = sseConnectionsKey(process.env[ENV.metricsKeyPrefix] as string);
    const route = `test.renew.${RUN}`;
    const release = trackSseConnection(route, `u-renew-${RUN}`);
    try {
      const member = await until(async () => (await redisClient().zrange(key, 0, -1)).find((m) => m.startsWith(`${route}|`)), 'the entry');
      // The shared client is closed (e.g. after an outage) and the next use creates another.
      await closeRedisClient();
      await redisClient().zrem(key, member);
      await renewSseConnections();
      expect(await redisClient().zscore(key, member)).not.toBeNull();
    } finally {
      release();
    }
  });
});

describe('system_alert sources: the monitor (analyzer findings, DLQ growth)', () => {
  const memory = (): AlertMemory => redisClient() as unknown as AlertMemory;
  const emfOptions = { namespace: 'Roadcall', service: 'platform' };

  it('alerts admins once per critical finding, and on each DLQ growth, never drivers', async () => {
    // A private jobs-low queue pair for this file (env is per test worker), so the DLQ is ours alone.
    const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
    const own = await createQueue(sqs, QUEUES.jobsLow, `roadcall-test-events-${RUN}`);
    process.env[QUEUES.jobsLow.envVar] = own.url;
    // A route failing every time: a critical high-error-rate finding (at least 20 requests).
    const route = `test.failing.${RUN}`;
    for (let i = 0; i < 25; i++) recordRequest(route, { latencyMs: 5, statusCode: 503 });
    await flushMetrics();

    const [admin, driver] = await Promise.all([newUser('admin'), newUser('driver')]);
    const [a, d] = [connect(admin), connect(driver)];
    await Promise.all([a.connected(), d.connected()]);

    const first = await runMonitor({ memory: memory(), emfOptions });
    const analyzer = await a.waitFor((event) => event.event === 'system_alert' && event.data?.subject === route);
    expect(analyzer.data).toMatchObject({ severity: 'critical', source: 'analyzer', details: { kind: 'high-error-rate' } });
    expect(first.alerts.filter((alert) => alert.subject === route)).toHaveLength(1);
    // The same finding is not alerted again on the next run.
    const again = await runMonitor({ memory: memory(), emfOptions });
    expect(again.alerts.filter((alert) => alert.subject === route)).toEqual([]);

    // Two dead letters: the DLQ grew, one alert; no growth, no alert.
    for (const n of [1, 2]) await sqs.send(new SendMessageCommand({ QueueUrl: own.dlqUrl, MessageBody: JSON.stringify({ n }) }));
    const grown = await until(async () => {
      const report = await runMonitor({ memory: memory(), emfOptions });
      return report.alerts.find((alert) => alert.subject === 'jobsLow');
    }, 'the DLQ growth alert');
    expect(grown).toMatchObject({ source: 'dlq', severity: 'warning', details: { before: 0, depth: 2 } });
    const dlqAlert = await a.waitFor((event) => event.event === 'system_alert' && event.data?.subject === 'jobsLow');
    expect(dlqAlert.data).toMatchObject({ source: 'dlq', details: { depth: 2 } });
    const steady = await runMonitor({ memory: memory(), emfOptions });
    expect(steady.alerts.filter((alert) => alert.subject === 'jobsLow')).toEqual([]);
    // The queue depth per priority, read in the same pass.
    expect(steady.queues.find((queue) => queue.priority === 'low')).toMatchObject({ queue: 'jobsLow', visible: 0, dlq: 2 });

    await publishJobEvent(driver.userId, 'job_progress', { jobId: 'marker' });
    await d.waitFor((event) => event.data?.jobId === 'marker');
    expect(d.named('system_alert')).toEqual([]);
    sqs.destroy();
  });

  it('alerts again on the next pass when a send failed (the finding marker and the DLQ depth are given back)', async () => {
    // Its own alert memory (the prefix) and its own DLQ, so the first test's markers and depths do not interfere.
    const prefix = process.env[ENV.eventsKeyPrefix];
    process.env[ENV.eventsKeyPrefix] = `${prefix}:retry`;
    const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
    try {
      const own = await createQueue(sqs, QUEUES.jobsLow, `roadcall-test-events-retry-${RUN}`);
      process.env[QUEUES.jobsLow.envVar] = own.url;
      await sqs.send(new SendMessageCommand({ QueueUrl: own.dlqUrl, MessageBody: '{}' }));
      const route = `test.failing-send.${RUN}`;
      for (let i = 0; i < 25; i++) recordRequest(route, { latencyMs: 5, statusCode: 503 });
      await flushMetrics();
      const ours = (alert: SystemAlert): boolean => alert.subject === route || alert.subject === 'jobsLow';

      // The DLQ's depth shows up in SQS's attributes by itself: wait for it before the failing pass.
      await until(
        async () => ((await dlqDepths()).find((depth) => depth.queue === 'jobsLow')?.depth === 1 ? true : undefined),
        'the DLQ depth',
      );
      const attempted: SystemAlert[] = [];
      const failing = async (alert: SystemAlert): Promise<string> => {
        attempted.push(alert);
        throw new Error('Redis is down');
      };
      await expect(runMonitor({ memory: memory(), emfOptions, send: failing })).rejects.toThrow();
      expect(
        attempted
          .filter(ours)
          .map((alert) => alert.subject)
          .sort(),
      ).toEqual(['jobsLow', route].sort());

      const sent: SystemAlert[] = [];
      const recording = async (alert: SystemAlert): Promise<string> => {
        sent.push(alert);
        return 'id';
      };
      const report = await runMonitor({ memory: memory(), emfOptions, send: recording });
      expect(
        sent
          .filter(ours)
          .map((alert) => alert.subject)
          .sort(),
      ).toEqual(['jobsLow', route].sort());
      expect(report.alerts.filter(ours)).toHaveLength(2);
      // Sent now, so remembered: the pass after is quiet.
      const quiet = await runMonitor({ memory: memory(), emfOptions, send: async () => 'id' });
      expect(quiet.alerts.filter(ours)).toEqual([]);
    } finally {
      process.env[ENV.eventsKeyPrefix] = prefix;
      sqs.destroy();
    }
  });
});
