import { randomUUID } from 'node:crypto';
import { TABLES } from '@roadcall/contracts';
import type { JobRecord } from '../../src/types';
import { call, deleteItems, type Harness, mailsTo, newUser, putItems, SseClient, startHarness, waitFor } from './support';

/**
 * The whole lifecycle over HTTP on the local engines: POST /jobs -> the real processJobs handler
 * via the QueuePoller -> completed with a CSV in S3 and one email; access rules, listing with
 * signed cursors, cancel.
 */
jest.setTimeout(60_000);

describe('jobs lifecycle', () => {
  let harness: Harness;
  const incidentsTable = (): string => process.env[TABLES.incidents.envVar] as string;
  const incidentIds: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({
      // The handler file itself, as the local stack and CDK load it.
      consumer: () => require('../../src/handlers/processJobs').handler,
    });
  });

  afterAll(async () => {
    await deleteItems(incidentsTable(), 'incidentId', incidentIds);
    await harness.stop();
  });

  it('runs an export from queued to completed: CSV in S3, download link, exactly one email', async () => {
    const driver = newUser();
    const token = await driver.token();
    const items = Array.from({ length: 35 }, (_, index) => ({
      incidentId: `inc-${randomUUID()}`,
      driverId: driver.userId,
      status: index % 2 ? 'completed' : 'open',
      type: 'tow',
      note: index === 0 ? 'has, a comma and "quotes"' : 'plain',
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    }));
    incidentIds.push(...items.map((item) => item.incidentId));
    await putItems(incidentsTable(), items);

    const created = await call(harness.api, 'POST', '/jobs', token, {
      type: 'export',
      params: { source: 'incidents' },
      metadata: { from: 'test' },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      status: 'queued',
      type: 'export',
      priority: 'normal',
      progress: 0,
      userId: driver.userId,
      metadata: { from: 'test' },
    });
    const jobId = created.body.jobId as string;

    const done = await waitFor(
      async () => {
        const got = await call(harness.api, 'GET', `/jobs/${jobId}`, token);
        return got.body.status === 'completed' ? got.body : undefined;
      },
      20_000,
      'the export to complete',
    );
    expect(done).toMatchObject({ progress: 100, processedItems: 35, totalItems: 35 });
    expect(done.startedAt).toEqual(expect.any(String));
    expect(done.completedAt).toEqual(expect.any(String));
    // Bookkeeping stays internal (docs/jobs.md: never returned by the API).
    for (const internal of ['leaseId', 'attempts', 'checkpoint', 'progressWrites', 'notifiedAt']) expect(done).not.toHaveProperty(internal);
    expect(created.body).not.toHaveProperty('attempts');
    expect(created.body).not.toHaveProperty('progressWrites');
    const result = done.result as { downloadUrl: string; summary: { rows: number } };
    expect(result.summary.rows).toBe(35);

    const csv = await (await fetch(result.downloadUrl)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(36);
    expect(lines[0]).toBe('incidentId,createdAt,driverId,note,status,type');
    expect(csv).toContain('"has, a comma and ""quotes"""');

    // The event stream of a finished job: job_complete at once, with a signed link.
    const stream = new SseClient(`${harness.api.url}/jobs/${jobId}/events`, token);
    const complete = await stream.waitFor((event) => event.event === 'job_complete');
    await stream.ended;
    expect((complete.data?.result as { downloadUrl?: string } | undefined)?.downloadUrl).toMatch(/^http.*\.csv\?/);
    expect(stream.events[0]?.retry).toBe(3000);

    const mails = await waitFor(
      async () => {
        const found = await mailsTo(driver.email);
        return found.length > 0 ? found : undefined;
      },
      10_000,
      'the completion email',
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your Roadcall export job is ready');
    expect(mails[0]?.body.text).toContain('Download: http');
    expect(mails[0]?.body.html).toContain('<a href="http');
  });

  it('shows a job to its owner and admins only: anyone else gets 404 on read, cancel and events', async () => {
    const owner = newUser();
    const other = newUser();
    const admin = newUser(['admin']);
    const job = await harness.store.create({
      userId: owner.userId,
      type: 'export',
      priority: 'low',
      params: { source: 'incidents', scope: 'mine' },
    });

    expect((await call(harness.api, 'GET', `/jobs/${job.jobId}`, await owner.token())).status).toBe(200);
    expect((await call(harness.api, 'GET', `/jobs/${job.jobId}`, await admin.token())).status).toBe(200);
    const foreign = await call(harness.api, 'GET', `/jobs/${job.jobId}`, await other.token());
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await call(harness.api, 'DELETE', `/jobs/${job.jobId}`, await other.token())).status).toBe(404);
    expect((await call(harness.api, 'GET', `/jobs/${job.jobId}/events`, await other.token())).status).toBe(404);
    expect((await call(harness.api, 'GET', `/jobs/${randomUUID()}`, await owner.token())).status).toBe(404);
    expect((await call(harness.api, 'GET', `/jobs/${job.jobId}`)).status).toBe(401);
    // Still queued: nobody else's request touched it.
    expect((await harness.store.get(job.jobId))?.status).toBe('queued');
  });

  it('validates jobs against the registry and authorizes admin-only types', async () => {
    const driver = newUser();
    const token = await driver.token();
    const unknown = await call(harness.api, 'POST', '/jobs', token, { type: 'mine_bitcoin', params: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'INVALID_JOB' } });
    const badParams = await call(harness.api, 'POST', '/jobs', token, { type: 'export', params: { source: 'payments' } });
    expect(badParams.status).toBe(400);
    const bulk = await call(harness.api, 'POST', '/jobs', token, {
      type: 'bulk_operation',
      params: { operation: 'update_vendors', set: { rating: 4.5 }, vendorIds: ['v-1'] },
    });
    expect(bulk.status).toBe(403);
    const vendorsExport = await call(harness.api, 'POST', '/jobs', token, { type: 'export', params: { source: 'vendors' } });
    expect(vendorsExport.status).toBe(403);
    // Vendors belong to nobody: an export of them is the whole table, never "mine".
    const adminToken = await newUser(['admin']).token();
    const mineVendors = await call(harness.api, 'POST', '/jobs', adminToken, {
      type: 'export',
      params: { source: 'vendors', scope: 'mine' },
    });
    expect(mineVendors.status).toBe(400);
    expect(JSON.stringify(mineVendors.body)).toContain('scope');
    const malformed = await fetch(`${harness.api.url}/jobs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: '{not json',
    });
    expect(malformed.status).toBe(400);
  });

  it('lists newest first with signed cursors (limit 10-100), filters by status, and rejects a tampered cursor with 400', async () => {
    const user = newUser();
    const token = await user.token();
    const jobs: JobRecord[] = [];
    for (let index = 0; index < 12; index++) {
      jobs.push(
        await harness.store.create({
          userId: user.userId,
          type: 'export',
          priority: 'low',
          params: { source: 'incidents', scope: 'mine' },
        }),
      );
    }
    await harness.store.cancel((jobs[0] as JobRecord).jobId);

    const first = await call(harness.api, 'GET', '/jobs?limit=10', token);
    expect(first.status).toBe(200);
    const firstItems = first.body.items as JobRecord[];
    expect(firstItems).toHaveLength(10);
    expect(firstItems.every((job) => job.userId === user.userId)).toBe(true);
    const created = firstItems.map((job) => job.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    expect(first.body.hasMore).toBe(true);

    const second = await call(harness.api, 'GET', `/jobs?limit=10&cursor=${encodeURIComponent(cursor)}`, token);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.hasMore).toBe(false);
    const seen = new Set([...firstItems, ...(second.body.items as JobRecord[])].map((job) => job.jobId));
    expect(seen.size).toBe(12);

    const cancelled = await call(harness.api, 'GET', '/jobs?status=cancelled', token);
    expect((cancelled.body.items as JobRecord[]).map((job) => job.jobId)).toEqual([(jobs[0] as JobRecord).jobId]);

    const [version, body, mac] = cursor.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, userId: 'someone-else' })).toString('base64url');
    for (const bad of [`${version}.${forgedBody}.${mac}`, `${cursor}x`, 'garbage']) {
      const tampered = await call(harness.api, 'GET', `/jobs?cursor=${encodeURIComponent(bad)}`, token);
      expect(tampered.status).toBe(400);
      expect(tampered.body).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
    }
    // A genuine cursor is bound to its owner and filter.
    const stranger = newUser();
    expect((await call(harness.api, 'GET', `/jobs?cursor=${encodeURIComponent(cursor)}`, await stranger.token())).status).toBe(400);
    expect((await call(harness.api, 'GET', `/jobs?status=queued&cursor=${encodeURIComponent(cursor)}`, token)).status).toBe(400);

    expect((await call(harness.api, 'GET', '/jobs?limit=5', token)).status).toBe(400);
    expect((await call(harness.api, 'GET', '/jobs?limit=101', token)).status).toBe(400);
    expect((await call(harness.api, 'GET', '/jobs', token)).body.items).toHaveLength(12);
  });

  it('cancels a queued job once; cancelling again is a 409', async () => {
    const user = newUser();
    const token = await user.token();
    const job = await harness.store.create({
      userId: user.userId,
      type: 'export',
      priority: 'low',
      params: { source: 'incidents', scope: 'mine' },
    });
    const cancelled = await call(harness.api, 'DELETE', `/jobs/${job.jobId}`, token);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    const again = await call(harness.api, 'DELETE', `/jobs/${job.jobId}`, token);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'JOB_STATE_CONFLICT', details: { status: 'cancelled' } } });
  });
});
