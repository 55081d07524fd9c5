import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '@roadcall/contracts';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { handler as cleanup } from '../../src/handlers/cleanup';
import { JobStore } from '../../src/store';
import { mailsTo } from './support';

jest.setTimeout(60_000);

/** The two schedules' handlers on the local engines. */
describe('jobs schedules', () => {
  const jobsTable = (): string => process.env[TABLES.jobs.envVar] as string;
  const put = (item: Record<string, unknown>) => dynamoDocumentClient().send(new PutCommand({ TableName: jobsTable(), Item: item }));

  it('jobs-cleanup deletes expired jobs and fails (and mails once) jobs whose worker was lost', async () => {
    const store = new JobStore();
    const now = Date.now();
    const base = {
      userId: `u-${randomUUID()}`,
      type: 'export',
      priority: 'low',
      params: {},
      progress: 10,
      processedItems: 10,
      createdAt: new Date(now - 3 * 3600_000).toISOString(),
    };
    const expired = {
      ...base,
      jobId: randomUUID(),
      status: 'completed',
      updatedAt: base.createdAt,
      expiresAt: Math.floor(now / 1000) - 60,
    };
    const email = `${base.userId}@test.roadcall.local`;
    const stale = {
      ...base,
      jobId: randomUUID(),
      userEmail: email,
      status: 'processing',
      leaseId: 'dead',
      updatedAt: new Date(now - 2 * 3600_000).toISOString(),
      expiresAt: Math.floor(now / 1000) + 86_400,
    };
    const running = {
      ...base,
      jobId: randomUUID(),
      status: 'processing',
      leaseId: 'alive',
      updatedAt: new Date(now - 60_000).toISOString(),
      expiresAt: Math.floor(now / 1000) + 86_400,
    };
    await Promise.all([put(expired), put(stale), put(running)]);

    const result = await cleanup();
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(result.failedStale).toBeGreaterThanOrEqual(1);
    const raw = await dynamoDocumentClient().send(new GetCommand({ TableName: jobsTable(), Key: { jobId: expired.jobId } }));
    expect(raw.Item).toBeUndefined();
    expect(await store.get(stale.jobId, true)).toMatchObject({ status: 'failed', error: expect.stringContaining('worker was lost') });
    expect((await store.get(running.jobId, true))?.status).toBe('processing');
    expect(await mailsTo(email)).toHaveLength(1);

    await cleanup();
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
