import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '@roadcall/contracts';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { createJobsConsumer } from '../../src/consumer';
import { type BulkParams, createRegistry } from '../../src/processors';
import type { JobProcessor, JobRegistry } from '../../src/registry';
import { type Consumer, call, deleteItems, type Harness, mailsTo, newUser, putItems, startHarness, testVendor, waitFor } from './support';

/**
 * Delivery semantics through the real QueuePoller and SQS (fauxqs) with 1-second visibility:
 * cancel between chunks, a worker that dies mid-run and is redelivered, a poison message that
 * ends in the DLQ. The bulk processor is the real one; a wrapper around its chunk callback
 * injects the fault or the cancel at a known chunk.
 */
type ChunkHook = (jobId: string, chunk: number, attempt: number) => Promise<void>;

let hook: ChunkHook = async () => undefined;
const chunksByJob = new Map<string, number[]>();
let alwaysFail = false;

function instrumented(base: JobRegistry): JobRegistry {
  const real = base.get('bulk_operation') as JobProcessor<BulkParams>;
  const attempts = new Map<string, number>();
  return base.with<BulkParams>({
    ...real,
    run: async (context) => {
      if (alwaysFail && context.job.metadata?.poison) throw new Error('poisoned input');
      const attempt = (attempts.get(context.job.jobId) ?? 0) + 1;
      attempts.set(context.job.jobId, attempt);
      let chunk = 0;
      return real.run({
        ...context,
        chunkDone: async (items, checkpoint) => {
          chunk++;
          (chunksByJob.get(context.job.jobId) ?? chunksByJob.set(context.job.jobId, []).get(context.job.jobId))?.push(items);
          await hook(context.job.jobId, chunk, attempt);
          await context.chunkDone(items, checkpoint);
        },
      });
    },
  });
}

jest.setTimeout(60_000);

describe('job delivery: cancel, redelivery after a crash, poison messages', () => {
  let harness: Harness;
  const vendorsTable = (): string => process.env[TABLES.vendors.envVar] as string;
  const created: string[] = [];

  const seedVendors = async (count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => `v-test-${randomUUID()}`);
    await putItems(
      vendorsTable(),
      ids.map((vendorId) => testVendor(vendorId)),
    );
    created.push(...ids);
    return ids;
  };
  /** Each vendor's rating, read 100 at a time (a burst of 600 GetItems would only queue on the sockets). */
  const ratingsOf = async (ids: string[]): Promise<unknown[]> => {
    const byId = new Map<string, unknown>();
    for (let start = 0; start < ids.length; start += 100) {
      let keys = ids.slice(start, start + 100).map((vendorId) => ({ vendorId }));
      while (keys.length > 0) {
        const out = await dynamoDocumentClient().send(
          new BatchGetCommand({ RequestItems: { [vendorsTable()]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[vendorsTable()] ?? []) byId.set(item.vendorId as string, item.rating);
        keys = (out.UnprocessedKeys?.[vendorsTable()]?.Keys ?? []) as typeof keys;
      }
    }
    return ids.map((id) => byId.get(id));
  };

  beforeAll(async () => {
    harness = await startHarness({
      visibilitySeconds: 1,
      // Progress on every chunk, so the checkpoint after each chunk is durable (the default is 1 s).
      consumer: (): Consumer => createJobsConsumer({ registry: instrumented(createRegistry()), progressIntervalMs: 0 }),
    });
  });
  afterAll(async () => {
    await deleteItems(vendorsTable(), 'vendorId', created);
    await harness.stop();
  });
  afterEach(() => {
    hook = async () => undefined;
    alwaysFail = false;
  });

  it('a cancel during a run stops it within one chunk: no more writes, no completion, no email', async () => {
    const admin = newUser(['admin']);
    const token = await admin.token();
    const ids = await seedVendors(600);
    let cancelledAtChunk = 0;
    hook = async (jobId, chunk) => {
      if (chunk === 2) {
        const response = await call(harness.api, 'DELETE', `/jobs/${jobId}`, token);
        expect(response.status).toBe(200);
        cancelledAtChunk = chunk;
      }
    };
    const response = await call(harness.api, 'POST', '/jobs', token, {
      type: 'bulk_operation',
      params: { operation: 'update_vendors', set: { rating: 4.5 }, vendorIds: ids },
    });
    expect(response.status).toBe(202);
    const jobId = response.body.jobId as string;
    const job = await waitFor(
      async () => {
        const current = await harness.store.get(jobId, true);
        return current?.status === 'cancelled' && current.leaseId !== undefined && chunksByJob.get(jobId)?.length === cancelledAtChunk
          ? current
          : undefined;
      },
      20_000,
      'the cancel',
    );
    // Let the poller finish this delivery, then check that nothing ran past the cancel.
    const chunksRun = chunksByJob.get(jobId)?.length ?? 0;
    expect(chunksRun - cancelledAtChunk).toBeLessThanOrEqual(1);
    expect(job.status).toBe('cancelled');
    const ratings = await ratingsOf(ids);
    const changed = ratings.filter((rating) => rating === 4.5).length;
    expect(changed).toBe(chunksRun * 100);
    expect(changed).toBeLessThan(600);
    expect((await harness.store.get(jobId, true))?.status).toBe('cancelled');
    expect(await mailsTo(admin.email)).toHaveLength(0);
  });

  it('a worker that dies after 2 chunks is redelivered, resumes from its checkpoint, completes once with one email', async () => {
    const admin = newUser(['admin']);
    const token = await admin.token();
    const ids = await seedVendors(500);
    hook = async (_jobId, chunk, attempt) => {
      // The Lambda dies (throws out of the handler) right after its 2nd chunk, on the first attempt only.
      if (attempt === 1 && chunk === 3) throw new Error('simulated crash');
    };
    const response = await call(harness.api, 'POST', '/jobs', token, {
      type: 'bulk_operation',
      params: { operation: 'update_vendors', set: { rating: 5, available: true }, vendorIds: ids },
    });
    const jobId = response.body.jobId as string;
    const mails = await waitFor(
      async () => {
        const found = await mailsTo(admin.email);
        return found.length > 0 ? found : undefined;
      },
      25_000,
      'the completion email',
    );
    const job = await harness.store.get(jobId, true);
    expect(job).toMatchObject({ status: 'completed', progress: 100, processedItems: 500, totalItems: 500, attempts: 2 });
    expect(job?.result?.summary).toMatchObject({ updated: 500, failed: 0 });
    // Attempt 1 ran chunks 1-2 (its 3rd chunk's work was written but never checkpointed), attempt 2
    // resumed at the checkpoint after chunk 2: 3 more chunks, not 5.
    expect(chunksByJob.get(jobId)).toEqual([100, 100, 100, 100, 100, 100]);
    expect((await ratingsOf(ids)).every((rating) => rating === 5)).toBe(true);

    // A late duplicate of the message (SQS is at-least-once) neither reruns the job nor mails again.
    await harness.sqs.send(new SendMessageCommand({ QueueUrl: harness.queues.jobsLow?.url, MessageBody: JSON.stringify({ jobId }) }));
    await waitFor(async () => ((await harness.store.get(jobId, true))?.attempts === 2 ? true : undefined), 5_000, 'the duplicate');
    await waitFor(
      async () => {
        const attrs = await harness.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: harness.queues.jobsLow?.url, WaitTimeSeconds: 0, VisibilityTimeout: 0 }),
        );
        return (attrs.Messages ?? []).length === 0 ? true : undefined;
      },
      10_000,
      'the duplicate to be consumed',
    );
    expect(chunksByJob.get(jobId)).toHaveLength(6);
    expect(await mailsTo(admin.email)).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your Roadcall bulk_operation job is complete');
  });

  it('a poison message is retried with backoff, then lands in the DLQ with the job failed and one failure email', async () => {
    alwaysFail = true;
    const admin = newUser(['admin']);
    const token = await admin.token();
    const ids = await seedVendors(5);
    const response = await call(harness.api, 'POST', '/jobs', token, {
      type: 'bulk_operation',
      priority: 'high',
      metadata: { poison: true },
      params: { operation: 'update_vendors', set: { rating: 2 }, vendorIds: ids },
    });
    const jobId = response.body.jobId as string;
    // A message that is not a job message at all goes the same way.
    const garbage = `not json ${randomUUID()}`;
    await harness.sqs.send(new SendMessageCommand({ QueueUrl: harness.queues.jobsHigh?.url, MessageBody: garbage }));

    const dlqUrl = harness.queues.jobsHigh?.dlqUrl as string;
    const dead: string[] = [];
    await waitFor(
      async () => {
        const received = await harness.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        for (const message of received.Messages ?? []) dead.push(message.Body as string);
        return dead.includes(JSON.stringify({ jobId })) && dead.includes(garbage) ? true : undefined;
      },
      30_000,
      'both messages in the DLQ',
    );

    const job = await harness.store.get(jobId, true);
    expect(job?.status).toBe('failed');
    expect(job?.error).toContain('poisoned input');
    expect(job?.attempts).toBe(3);
    const mails = await mailsTo(admin.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your Roadcall bulk_operation job failed');
    expect(mails[0]?.body.text).toContain('poisoned input');
    expect((await ratingsOf(ids)).every((rating) => rating === 1)).toBe(true);
  });
});
