import { randomUUID } from 'node:crypto';
import { TABLES } from '@roadcall/contracts';
import { dynamoClient, dynamoDocumentClient, s3Client } from '@roadcall/utils/aws';
import { createRegistry, type ExportParams } from '../../src/processors';
import type { JobProcessor } from '../../src/registry';
import { JobRunner } from '../../src/runner';
import { JobStore } from '../../src/store';
import { deleteItems, newUser, putItems } from './support';

/**
 * An export's progress on the real engines when the table's size is unknown: dynalite's
 * DescribeTable says ItemCount 0, as a fresh DynamoDB table does for hours. The real runner and
 * export processor run against dynalite (reads, the job record) and fauxqs (the CSV upload);
 * after every chunk the test reads the job record the way GET /jobs/{id} does.
 */
jest.setTimeout(60_000);

describe('export progress without a known total', () => {
  const vendorsTable = (): string => process.env[TABLES.vendors.envVar] as string;
  const created: string[] = [];
  const store = new JobStore();

  afterAll(async () => {
    await deleteItems(vendorsTable(), 'vendorId', created);
    // The module-scope clients the runner and processor used keep sockets alive; this file is done with them.
    for (const client of [dynamoDocumentClient(), dynamoClient(), s3Client()]) client.destroy();
  });

  it('reports progress strictly between 0 and 100 while it runs, never backwards, then 100', async () => {
    const ids = Array.from({ length: 400 }, () => `v-progress-${randomUUID()}`);
    created.push(...ids);
    await putItems(
      vendorsTable(),
      ids.map((vendorId) => ({ vendorId, name: 'Progress vendor', tier: 'basic' })),
    );

    const seen: Array<{ progress: number; processedItems: number; totalItems?: number }> = [];
    const base = createRegistry({ chunkSize: 50 });
    const real = base.get('export') as JobProcessor<ExportParams>;
    const registry = base.with<ExportParams>({
      ...real,
      run: (context) =>
        real.run({
          ...context,
          chunkDone: async (items, checkpoint) => {
            await context.chunkDone(items, checkpoint);
            const job = await store.get(context.job.jobId, true);
            if (job) seen.push({ progress: job.progress, processedItems: job.processedItems, totalItems: job.totalItems });
          },
        }),
    });

    const admin = newUser(['admin']);
    const job = await store.create({ userId: admin.userId, type: 'export', priority: 'normal', params: { source: 'vendors' } });
    const runner = new JobRunner({ registry, store, progressIntervalMs: 0 });
    expect(await runner.run({ jobId: job.jobId, lastAttempt: false })).toBe('completed');

    const done = await store.get(job.jobId, true);
    expect(done).toMatchObject({ status: 'completed', progress: 100 });
    expect(done?.result?.summary?.rows).toBeGreaterThanOrEqual(ids.length);
    // The premise: the size estimate the export started from was short of what it read.
    expect(seen[0]?.totalItems ?? 0).toBeLessThan(ids.length);

    const progress = seen.map((state) => state.progress);
    expect(progress.some((value) => value > 0 && value < 100)).toBe(true);
    expect(Math.max(...progress)).toBeLessThanOrEqual(99);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    const processed = seen.map((state) => state.processedItems);
    expect([...processed].sort((a, b) => a - b)).toEqual(processed);
  });
});
