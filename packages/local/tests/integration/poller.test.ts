import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createQueue, type ProvisionedQueue, QueuePoller } from '../../src';

/**
 * Event-source-mapping semantics through the real poller and fauxqs: a batch arrives, a
 * partially failed batch is redelivered (only the failed message), then dead-lettered after
 * maxReceiveCount. Each test makes its own queue with a 1 s visibility timeout.
 */
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
let poller: QueuePoller | undefined;

afterEach(() => poller?.stop());
afterAll(() => sqs.destroy());

async function freshQueue(maxReceiveCount: number): Promise<ProvisionedQueue> {
  return createQueue(
    sqs,
    { name: 'unused', owner: 'jobs', envVar: 'UNUSED', visibilityTimeoutSeconds: 1, maxReceiveCount, retentionDays: 1 },
    `poller-${randomUUID().slice(0, 8)}`,
  );
}

/** Resolves when `predicate` holds after a delivery: the test awaits events, not sleeps. */
function deliveries(handle: (event: SQSEvent) => SQSBatchResponse) {
  const seen: Array<{ body: string; receiveCount: number }> = [];
  const waiters: Array<{ predicate: () => boolean; resolve: () => void }> = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    for (const record of event.Records) seen.push({ body: record.body, receiveCount: Number(record.attributes.ApproximateReceiveCount) });
    const response = handle(event);
    for (const waiter of waiters.splice(0))
      if (waiter.predicate()) waiter.resolve();
      else waiters.push(waiter);
    return response;
  };
  const until = (predicate: () => boolean) =>
    new Promise<void>((resolve) => (predicate() ? resolve() : waiters.push({ predicate, resolve })));
  return { seen, handler, until };
}

async function send(queue: ProvisionedQueue, bodies: string[]): Promise<void> {
  await sqs.send(
    new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })) }),
  );
}

it('delivers a batch in the Lambda SQS event shape', async () => {
  const queue = await freshQueue(3);
  const events: SQSEvent[] = [];
  const { handler, until, seen } = deliveries((event) => {
    events.push(event);
    return { batchItemFailures: [] };
  });
  poller = new QueuePoller({
    sqs,
    bindings: [{ functionName: 'test.consumer', queueUrl: queue.url, queueArn: queue.arn, batchSize: 10, handler }],
  });
  await send(queue, ['a', 'b', 'c']);
  poller.start();
  await until(() => seen.length >= 3);
  expect(seen.map((entry) => entry.body).sort()).toEqual(['a', 'b', 'c']);
  const record = events[0]?.Records[0];
  expect(record).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: queue.arn, attributes: { ApproximateReceiveCount: '1' } });
  expect(record?.receiptHandle).toEqual(expect.any(String));
});

it('redelivers only the failed message of a batch, then dead-letters it after maxReceiveCount', async () => {
  const queue = await freshQueue(2);
  const { handler, until, seen } = deliveries((event) => ({
    batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({ itemIdentifier: record.messageId })),
  }));
  poller = new QueuePoller({
    sqs,
    bindings: [{ functionName: 'test.consumer', queueUrl: queue.url, queueArn: queue.arn, batchSize: 10, handler }],
  });
  await send(queue, ['good-1', 'poison', 'good-2']);
  poller.start();

  await until(() => seen.filter((entry) => entry.body === 'poison').length >= 2);
  // The DLQ long poll is the event we wait for: the third receive attempt redrives the message.
  const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }));
  await poller.stop();

  expect(dead.Messages?.map((message) => message.Body)).toEqual(['poison']);
  expect(seen.filter((entry) => entry.body === 'poison').map((entry) => entry.receiveCount)).toEqual([1, 2]);
  expect(seen.filter((entry) => entry.body.startsWith('good')).length).toBe(2);
  const left = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0, VisibilityTimeout: 0 }));
  expect(left.Messages ?? []).toEqual([]);
});

it('fails the whole batch when the handler throws', async () => {
  const queue = await freshQueue(5);
  let calls = 0;
  const { handler, until, seen } = deliveries(() => {
    calls += 1;
    if (calls === 1) throw new Error('crash');
    return { batchItemFailures: [] };
  });
  poller = new QueuePoller({
    sqs,
    bindings: [{ functionName: 'test.consumer', queueUrl: queue.url, queueArn: queue.arn, batchSize: 10, handler }],
  });
  await send(queue, ['x']);
  poller.start();
  await until(() => seen.length >= 2);
  expect(seen.map((entry) => entry.receiveCount)).toEqual([1, 2]);
});
