import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DEMO_USERS, signLocalToken } from '../../src/auth';
import { type CloudRuntime, startCloudRuntime } from '../../src/cloud/runtime';
import { FIXTURE_STACK, writeFixtureAssembly } from './cloudFixture';

/**
 * The cloud runtime on a hand-made assembly (cloudFixture.ts): real engines, real worker
 * processes, the fixture's handler files loaded as Lambda loads a bundle.
 */
jest.setTimeout(180_000);

const jwtSecret = 'fixture-secret-0123456789abcdef';
let runtime: CloudRuntime;
let assemblyDir: string;
let dynamo: DynamoDBClient;

const api = (path: string, init: RequestInit = {}) => fetch(`${runtime.api.url}${path}`, init);
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
const pool = (logicalId: string) => {
  const found = runtime.registry.find(logicalId);
  if (!found) throw new Error(`no function ${logicalId}`);
  return found;
};

/** Polls a real condition until it holds (bounded), instead of sleeping. */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  assemblyDir = writeFixtureAssembly();
  runtime = await startCloudRuntime({
    assemblyDir,
    stage: 'fixture',
    jwtSecret,
    port: 0,
    redisUrl: process.env.REDIS_URL,
    databaseUrl: process.env.DATABASE_URL,
    maxWorkersPerFunction: 3,
    schedules: false,
  });
  dynamo = new DynamoDBClient({
    endpoint: runtime.engines.endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});

afterAll(async () => {
  dynamo?.destroy();
  await runtime?.stop();
  rmSync(assemblyDir, { recursive: true, force: true });
});

describe('cloud runtime on a fixture assembly', () => {
  it('ran the CDK trigger once at start, with its resolved env, through the gate, with the SDK the runtime provides', async () => {
    const item = await dynamo.send(new GetItemCommand({ TableName: `${FIXTURE_STACK}-Table`, Key: { pk: { S: 'trigger' } } }));
    expect(item.Item?.at?.S).toBeDefined();
    expect(pool('Trigger').stats().invocations).toBe(1);
  });

  it('resolves the template Environment to the local resources and sets Lambda variables', async () => {
    const body = await json(await api('/echo/env'));
    expect(body.env).toEqual({
      TABLE: `${FIXTURE_STACK}-Table`,
      QUEUE_URL: expect.stringMatching(new RegExp(`/000000000000/${FIXTURE_STACK}-Queue$`)),
      JOINED: `us-east-1|${FIXTURE_STACK}-Queue|${FIXTURE_STACK}`,
      FN: `${FIXTURE_STACK}-Echo`,
      MEMORY: '256',
    });
  });

  it('initialises a worker once and reuses it: the second invocation is warm, in the same process', async () => {
    const before = pool('Echo').stats().coldStarts;
    const first = await json(await api('/echo/a'));
    const second = await json(await api('/echo/b'));
    expect(second.pid).toBe(first.pid);
    expect(second.count).toBe((first.count as number) + 1);
    expect(pool('Echo').stats().coldStarts).toBe(before);
  });

  it('caches only the method the stage enables, keyed by exactly the listed parameter', async () => {
    const invocations = () => pool('Echo').stats().invocations;
    const first = await json(await api('/echo?k=1'));
    const afterFirst = invocations();
    const again = await json(await api('/echo?k=1&unlisted=x'));
    expect(again.count).toBe(first.count);
    expect(invocations()).toBe(afterFirst);
    const other = await json(await api('/echo?k=2'));
    expect(other.count).not.toBe(first.count);
    expect(invocations()).toBe(afterFirst + 1);
    // /echo/{id} is not cached: each request runs the function.
    await api('/echo/x');
    await api('/echo/x');
    expect(invocations()).toBe(afterFirst + 3);
  });

  it('throttles a method at its stage limits with 429', async () => {
    expect((await api('/limited')).status).toBe(200);
    const throttled = await api('/limited');
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toEqual({ message: 'Too Many Requests' });
  });

  it('answers like API Gateway: 401 without a valid token, claims with one, 403 for an unknown path', async () => {
    expect((await api('/private')).status).toBe(401);
    expect((await api('/private', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    const token = await signLocalToken(DEMO_USERS.driver, jwtSecret);
    const body = await json(await api('/private', { headers: { Authorization: `Bearer ${token}` } }));
    expect((body.claims as Record<string, string>).sub).toBe(DEMO_USERS.driver.userId);
    const unknown = await api('/nowhere');
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('kills a worker at the function timeout and reports it like Lambda; the next invocation starts cold', async () => {
    const slow = pool('Slow');
    const warm = (await slow.invoke({ ms: 0 })) as { body: string };
    const warmPid = JSON.parse(warm.body).pid as number;
    const coldStarts = slow.stats().coldStarts;
    await expect(slow.invoke({ ms: 5_000 })).rejects.toThrow('Task timed out after 1.00 seconds');
    expect(() => process.kill(warmPid, 0)).toThrow();
    const response = await api('/slow?ms=5000');
    expect(response.status).toBe(502);
    const after = (await slow.invoke({ ms: 0 })) as { body: string };
    expect(JSON.parse(after.body).pid).not.toBe(warmPid);
    expect(slow.stats().coldStarts).toBeGreaterThan(coldStarts);
  });

  it('scales out to the concurrency cap under load, then queues', async () => {
    const busy = pool('Busy');
    const results = (await Promise.all(Array.from({ length: 5 }, () => busy.invoke({ ms: 600 })))) as Array<{ body: string }>;
    const pids = new Set(results.map((result) => JSON.parse(result.body).pid as number));
    expect(pids.size).toBe(3);
    expect(busy.stats()).toMatchObject({ workers: 3, coldStarts: 3, invocations: 5 });
  });

  it('streams a response incrementally where the method streams', async () => {
    const flag = join(tmpdir(), `roadcall-stream-flag-${process.pid}-${Date.now()}`);
    const response = await api(`/stream?flag=${encodeURIComponent(flag)}`);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('first')) text += decoder.decode((await reader.read()).value);
    // The function is still running (it waits for this file): the first chunk came before the end.
    expect(text).not.toContain('second');
    writeFileSync(flag, '');
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toBe('data: first\n\ndata: second\n\n');
    rmSync(flag, { force: true });
    expect(existsSync(flag)).toBe(false);
  });

  it('delivers queue messages through the event source mapping', async () => {
    const sqs = new SQSClient({
      endpoint: runtime.engines.endpoints.sqs,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      useQueueUrlAsEndpoint: false,
    });
    const body = `msg-${Date.now()}`;
    const queueUrl = runtime.model.resolve(FIXTURE_STACK, { Ref: 'Queue' }) as string;
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    sqs.destroy();
    // A cold consumer on a loaded machine can take long: the bound is generous, the condition is real.
    const item = await until(
      async () => (await dynamo.send(new GetItemCommand({ TableName: `${FIXTURE_STACK}-Table`, Key: { pk: { S: body } } }))).Item,
      120_000,
    );
    expect(item.pk?.S).toBe(body);
  });

  it('fires a rule target with the rule input, and serves the Lambda Invoke API', async () => {
    const fired = (await runtime.scheduler.fire('Rule/Target0')) as { body: string };
    expect(JSON.parse(fired.body).fromRule).toBe(true);
    const invoked = await fetch(`${runtime.invokeUrl}/2015-03-31/functions/${FIXTURE_STACK}-Slow/invocations`, {
      method: 'POST',
      body: '{"ms":1}',
    });
    expect(invoked.status).toBe(200);
    expect(JSON.parse(((await invoked.json()) as { body: string }).body).ms).toBe(1);
    const failed = await fetch(`${runtime.invokeUrl}/2015-03-31/functions/${FIXTURE_STACK}-Slow/invocations`, {
      method: 'POST',
      body: '{"ms":5000}',
    });
    expect(failed.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(await failed.json()).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' });
    const missing = await fetch(`${runtime.invokeUrl}/2015-03-31/functions/nope/invocations`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
  });
});
