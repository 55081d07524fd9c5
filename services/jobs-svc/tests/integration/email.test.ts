import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { freePort } from '@roadcall/local';
import { sesSdk } from '@roadcall/utils/aws';
import type { SQSBatchResponse } from 'aws-lambda';
import { createJobsConsumer } from '../../src/consumer';
import { sendJobEmail } from '../../src/emails';
import { createRegistry } from '../../src/processors';
import { enqueueJob } from '../../src/queue';
import type { JobRecord } from '../../src/types';
import { type Consumer, type Harness, mailsTo, startHarness, waitFor } from './support';

/**
 * A finished job's email through the real consumer, QueuePoller, SQS (fauxqs) and jobs table
 * (dynalite), with real SES v2 clients: one pointed at a closed local port (SES unreachable), one
 * at aws-ses-v2-local. Whatever becomes of the email, the job stays as it finished, the batch
 * reports no failure for its message, and no redelivery makes a second attempt.
 */
jest.setTimeout(60_000);

/** A real SES client that counts the SendEmail calls it makes. */
function countingSes(endpoint: string): { client: InstanceType<ReturnType<typeof sesSdk>['SESv2Client']>; calls: () => number } {
  let calls = 0;
  const client = new (sesSdk().SESv2Client)({ endpoint, maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { client, calls: () => calls };
}

describe('job emails never fail a finished job', () => {
  let harness: Harness;
  let deadSes: ReturnType<typeof countingSes>;
  let liveSes: ReturnType<typeof countingSes>;
  let ses: ReturnType<typeof countingSes>;
  /** Every batch the consumer answered: the job ids in it and the failures it reported. */
  const batches: Array<{ jobIds: string[]; failures: SQSBatchResponse['batchItemFailures'] }> = [];

  beforeAll(async () => {
    deadSes = countingSes(`http://127.0.0.1:${await freePort()}`);
    liveSes = countingSes(process.env.AWS_ENDPOINT_URL_SESV2 as string);
    ses = liveSes;
    harness = await startHarness({
      visibilitySeconds: 1,
      consumer: (): Consumer => {
        const consumer = createJobsConsumer({ registry: createRegistry(), notify: (job, link) => sendJobEmail(job, link, ses.client) });
        return async (event, context) => {
          const jobIds = event.Records.map((record) => (JSON.parse(record.body) as { jobId: string }).jobId);
          try {
            const response = await consumer(event, context);
            batches.push({ jobIds, failures: response.batchItemFailures });
            return response;
          } catch (error) {
            // Powertools throws when every record of the batch failed: the whole batch comes back.
            batches.push({ jobIds, failures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) });
            throw error;
          }
        };
      },
    });
  });

  afterAll(async () => {
    await harness.stop();
    deadSes.client.destroy();
    liveSes.client.destroy();
  });

  const batchesOf = (jobId: string) => batches.filter((batch) => batch.jobIds.includes(jobId));

  /** An export of a user's (empty) incidents, queued as the API would. */
  async function submit(userEmail: string | undefined): Promise<string> {
    const job = await harness.store.create({
      userId: `u-${randomUUID()}`,
      userEmail,
      type: 'export',
      priority: 'normal',
      params: { source: 'incidents' },
    });
    await enqueueJob(job.jobId, job.priority);
    return job.jobId;
  }

  /** The job once it has finished and the consumer has answered for its message (the email comes before that answer). */
  async function settled(jobId: string): Promise<JobRecord> {
    return waitFor(
      async () => {
        // The answer first, then the record: read the other way round, the record could predate the answer.
        if (batchesOf(jobId).length === 0) return undefined;
        const job = await harness.store.get(jobId, true);
        return job && job.status !== 'queued' && job.status !== 'processing' ? job : undefined;
      },
      20_000,
      `job ${jobId} to settle`,
    );
  }

  /** Sends the job's message again, as SQS would redeliver it, and waits for the consumer's answer. */
  async function redeliver(jobId: string): Promise<void> {
    const before = batchesOf(jobId).length;
    await harness.sqs.send(new SendMessageCommand({ QueueUrl: harness.queues.jobsNormal?.url, MessageBody: JSON.stringify({ jobId }) }));
    await waitFor(async () => batchesOf(jobId).length > before, 20_000, 'the redelivery');
  }

  /** Messages still on the queue (visible or in flight) and in its DLQ. */
  async function queueDepths(): Promise<{ queue: number; dlq: number }> {
    const depth = async (url: string | undefined): Promise<number> => {
      const { Attributes } = await harness.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    };
    return { queue: await depth(harness.queues.jobsNormal?.url), dlq: await depth(harness.queues.jobsNormal?.dlqUrl) };
  }

  it('SES unreachable: the job stays completed, the email is recorded failed, the message succeeds and is never retried', async () => {
    ses = deadSes;
    const address = `u-${randomUUID()}@test.roadcall.local`;
    const jobId = await submit(address);
    const job = await settled(jobId);
    expect(batchesOf(jobId).map((batch) => batch.failures)).toEqual([[]]);
    expect(job.status).toBe('completed');
    expect(job.email).toMatchObject({ status: 'failed', error: expect.stringMatching(/ECONNREFUSED|connect/i), at: expect.any(String) });
    expect(deadSes.calls()).toBe(1);
    // Deleted, not backed off for a retry: nothing left on the queue, nothing in its DLQ.
    await waitFor(async () => {
      const depths = await queueDepths();
      return depths.queue === 0 && depths.dlq === 0;
    });

    // A redelivery (at-least-once SQS) finds the one attempt made: no second call, nothing changes.
    await redeliver(jobId);
    expect(deadSes.calls()).toBe(1);
    expect(batchesOf(jobId).every((batch) => batch.failures.length === 0)).toBe(true);
    expect(await harness.store.get(jobId, true)).toMatchObject({ status: 'completed', email: job.email });
  });

  it('SES up: exactly one email, recorded sent; a redelivery sends nothing twice', async () => {
    ses = liveSes;
    const before = liveSes.calls();
    const address = `u-${randomUUID()}@test.roadcall.local`;
    const jobId = await submit(address);
    const job = await settled(jobId);
    expect(batchesOf(jobId).map((batch) => batch.failures)).toEqual([[]]);
    expect(job).toMatchObject({ status: 'completed', email: { status: 'sent', messageId: expect.any(String) } });
    expect(await mailsTo(address)).toHaveLength(1);
    await redeliver(jobId);
    await redeliver(jobId);
    expect(liveSes.calls() - before).toBe(1);
    expect(await mailsTo(address)).toHaveLength(1);
    expect(batchesOf(jobId).every((batch) => batch.failures.length === 0)).toBe(true);
  });

  it.each([
    ['not an address', 'not-an-address'],
    ['a header injection', 'victim@test.roadcall.local\r\nBcc: everyone@test.roadcall.local'],
    ['a list', 'a@test.roadcall.local, b@test.roadcall.local'],
  ])('a bad address (%s) is refused before SES: the job stays completed, the email is recorded failed', async (_, address) => {
    ses = liveSes;
    const before = liveSes.calls();
    const jobId = await submit(address);
    const job = await settled(jobId);
    expect(batchesOf(jobId).map((batch) => batch.failures)).toEqual([[]]);
    expect(job).toMatchObject({ status: 'completed', email: { status: 'failed', error: expect.stringMatching(/Not a valid recipient/) } });
    expect(liveSes.calls() - before).toBe(0);
  });

  it('no address: the email is recorded skipped', async () => {
    ses = liveSes;
    const jobId = await submit(undefined);
    expect(await settled(jobId)).toMatchObject({ status: 'completed', email: { status: 'skipped' } });
  });
});
