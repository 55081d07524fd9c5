import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { documentSdk } from '../../src/aws';
import { pgModule } from '../../src/db/driver';
import { createHandler } from '../../src/http';
import { ioredisModule } from '../../src/redis/driver';
import { initialisedAheadOfTraffic, primeFor, registerPrimer, WARMER_EVENT_SOURCE, type WarmingResult } from '../../src/warmer';

const context = { functionName: 'roadcall-test-fn', awsRequestId: 'req-1' } as Context;
const warming = { source: WARMER_EVENT_SOURCE } as unknown as APIGatewayProxyEvent;

describe('primeFor: client libraries a contract declares, loaded ahead of traffic', () => {
  it('loads the real lazy loaders registered by their own modules, only for the kinds declared', () => {
    // The real loaders register themselves where they are defined (aws/sdk, redis/driver, db/driver).
    expect(primeFor({ tables: [{ table: 'jobs', access: 'read' }] }).sort()).toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']);
    expect(primeFor({ redis: true, database: true }).sort()).toEqual(['ioredis', 'pg']);
    expect(primeFor({ queues: [{ queue: 'jobsHigh', access: 'send' }], email: true }).sort()).toEqual([
      '@aws-sdk/client-sesv2',
      '@aws-sdk/client-sqs',
    ]);
    expect(primeFor({})).toEqual([]);
    expect(primeFor(undefined)).toEqual([]);
    // What they loaded is what the code's own loaders return (the same module objects).
    expect(typeof ioredisModule().Redis).toBe('function');
    expect(typeof pgModule().Pool).toBe('function');
    expect(typeof documentSdk().GetCommand).toBe('function');
  });

  it('runs a registered loader once per call and never twice for the same name', () => {
    const load = jest.fn();
    registerPrimer('buckets', 'test-bucket-lib', load);
    registerPrimer('buckets', 'test-bucket-lib', load);
    const loaded = primeFor({ buckets: [{ bucket: 'exports', access: 'read' }] });
    expect(loaded.filter((name) => name === 'test-bucket-lib')).toHaveLength(1);
    expect(load).toHaveBeenCalledTimes(1);
    expect(primeFor({ redis: true })).not.toContain('test-bucket-lib');
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('priming in the handler wrapper', () => {
  const previous = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  afterEach(() => {
    if (previous === undefined) delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    else process.env.AWS_LAMBDA_INITIALIZATION_TYPE = previous;
  });

  it('a cold container primes on its first warming ping, not on later ones, and never runs the handler', async () => {
    const load = jest.fn();
    registerPrimer('email', 'test-email-lib', load);
    const handle = jest.fn(async () => 'never');
    const handler = createHandler({
      route: {
        id: 'platform.testPrime',
        method: 'GET',
        path: '/p',
        summary: 'p',
        service: 'platform',
        handler: 'testPrime',
        auth: 'admin',
        uses: { email: true },
      },
      handle,
    });
    expect(load).not.toHaveBeenCalled();
    const first = (await handler(warming, context)) as WarmingResult;
    const second = (await handler(warming, context)) as WarmingResult;
    expect(first).toMatchObject({ warmed: true, cold: true });
    expect(first.primed).toContain('test-email-lib');
    expect(second).toEqual({ warmed: true, cold: false, functionName: 'roadcall-test-fn' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(handle).not.toHaveBeenCalled();
  });

  it('primes at init when Lambda initialises ahead of traffic (provisioned concurrency), not otherwise', () => {
    const load = jest.fn();
    registerPrimer('database', 'test-db-lib', load);
    const route = (id: string) =>
      ({
        id,
        method: 'GET',
        path: `/${id}`,
        summary: id,
        service: 'platform',
        handler: id,
        auth: 'admin',
        uses: { database: true },
      }) as const;

    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    expect(initialisedAheadOfTraffic()).toBe(false);
    createHandler({ route: route('platform.onDemand'), handle: async () => 'x' });
    expect(load).not.toHaveBeenCalled();

    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
    expect(initialisedAheadOfTraffic()).toBe(true);
    createHandler({ route: route('platform.provisioned'), handle: async () => 'x' });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
