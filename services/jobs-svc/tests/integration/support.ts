import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, functionId, JOBS_ROUTES, QUEUES, type QueueName } from '@roadcall/contracts';
import {
  createQueue,
  type HandlerResolver,
  type LocalIdentity,
  localFunctionCaller,
  moduleResolver,
  type ProvisionedQueue,
  QueuePoller,
  type RunningApiServer,
  signLocalToken,
  startApiServer,
} from '@roadcall/local';
import { dynamoClient, dynamoDocumentClient, s3Client, sesClient, sqsClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import { setFunctionCaller } from '@roadcall/utils/invoke';
import { closeRedisClient } from '@roadcall/utils/redis';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { EventStreamTiming } from '../../src/events';
import { createEventsHandler } from '../../src/eventsHandler';
import { JobStore } from '../../src/store';

const JOB_QUEUES: QueueName[] = ['jobsHigh', 'jobsNormal', 'jobsLow'];

export type Consumer = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface Harness {
  readonly api: RunningApiServer;
  readonly queues: Record<string, ProvisionedQueue>;
  readonly sqs: SQSClient;
  readonly store: JobStore;
  /** `keepClients` when another harness in the same file still runs. */
  stop(options?: { keepClients?: boolean }): Promise<void>;
}

/**
 * A private jobs stack for one test file: its own three priority queues (short visibility, the
 * contract's redrive limit) wired into the job env vars, the real QueuePoller delivering to
 * `consumer`, and the jobs routes on the real API adapter.
 */
export async function startHarness(options: {
  consumer: () => Consumer;
  visibilitySeconds?: number;
  timing?: EventStreamTiming;
}): Promise<Harness> {
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const suffix = randomUUID().slice(0, 8);
  const queues: Record<string, ProvisionedQueue> = {};
  for (const key of JOB_QUEUES) {
    const contract = QUEUES[key];
    const queue = await createQueue(
      sqs,
      { ...contract, visibilityTimeoutSeconds: options.visibilitySeconds ?? 2 },
      `roadcall-test-${contract.name}-${suffix}`,
    );
    queues[key] = queue;
    process.env[contract.envVar] = queue.url;
  }
  const consumer = options.consumer();
  const poller = new QueuePoller({
    sqs,
    waitTimeSeconds: 1,
    bindings: JOB_QUEUES.map((key) => ({
      functionName: `jobs.processJobs.${key}`,
      queueUrl: (queues[key] as ProvisionedQueue).url,
      queueArn: (queues[key] as ProvisionedQueue).arn,
      batchSize: 1,
      concurrency: 1,
      timeoutSeconds: 100,
      handler: consumer,
    })),
  });
  poller.start();
  const modules = moduleResolver();
  // The bulk processor reaches the vendors service's function as Lambda Invoke would: in-process here.
  setFunctionCaller(localFunctionCaller(modules));
  const store = new JobStore();
  const events = options.timing ? createEventsHandler(store, options.timing) : undefined;
  const resolve: HandlerResolver = (spec) =>
    events && functionId(spec) === 'jobs.events' ? (events as unknown as ReturnType<HandlerResolver>) : modules(spec);
  const api = await startApiServer({ routes: JOBS_ROUTES, resolve, jwtSecret: process.env[ENV.localJwtSecret] as string, stage: 'test' });
  return {
    api,
    queues,
    sqs,
    store,
    stop: async ({ keepClients = false } = {}) => {
      await poller.stop();
      await api.close();
      setFunctionCaller(undefined);
      sqs.destroy();
      // The handlers' module-scope clients keep sockets alive; this test file's registry is done with them.
      if (!keepClients) {
        for (const client of [sqsClient(), dynamoDocumentClient(), dynamoClient(), s3Client(), sesClient()]) client.destroy();
        // The vendors service a bulk job reached (its caches' invalidation bus subscribes to Redis,
        // its geo index uses the shared client): left open, they keep the jest worker alive.
        await closeCaches();
        await closeRedisClient();
      }
    },
  };
}

export function newUser(roles: LocalIdentity['roles'] = ['driver']): LocalIdentity & { token: () => Promise<string> } {
  const userId = `u-${randomUUID()}`;
  const identity = { userId, email: `${userId}@test.roadcall.local`, roles };
  return { ...identity, token: () => signLocalToken(identity, process.env[ENV.localJwtSecret] as string) };
}

export async function call(
  api: RunningApiServer,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Waits for a condition the system reaches by itself (polled, bounded), e.g. a job's status. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface StoredEmail {
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
}

/** Mails aws-ses-v2-local holds for one recipient (GET /store on AWS_ENDPOINT_URL_SES). */
export async function mailsTo(address: string): Promise<StoredEmail[]> {
  const response = await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.includes(address));
}

const documentClient = (): DynamoDBDocumentClient => DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** Puts items with BatchWrite (test data; the code under test has its own writer). */
export async function putItems(table: string, items: Record<string, unknown>[]): Promise<void> {
  const client = documentClient();
  for (let start = 0; start < items.length; start += 25) {
    let pending: unknown[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  }
  client.destroy();
}

export async function deleteItems(table: string, keyName: string, ids: string[]): Promise<void> {
  const client = documentClient();
  for (let start = 0; start < ids.length; start += 25) {
    await client.send(
      new BatchWriteCommand({
        RequestItems: { [table]: ids.slice(start, start + 25).map((id) => ({ DeleteRequest: { Key: { [keyName]: id } } })) },
      }),
    );
  }
  client.destroy();
}

/** The SSE test client is shared with the platform's tests (it speaks Last-Event-ID and retry). */
export { type ReceivedEvent, SseClient } from '@roadcall/local';

/**
 * Vendor items as the vendors service stores them (a bulk change goes through its service, which
 * reads the profile it changes), far from any other test's searches (the Gulf of Guinea).
 */
export function testVendor(vendorId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const at = new Date().toISOString();
  return {
    vendorId,
    name: 'Test vendor',
    services: ['towing'],
    location: { lat: 0.25, lon: 0.25 },
    rating: 1,
    available: true,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}
