import { randomUUID } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { sqsClient } from '@roadcall/utils/aws';
import { closePool, getPool } from '@roadcall/utils/db';
import { createQueueConsumer, createScheduledHandler } from '@roadcall/utils/functions';
import { flushMetrics, metricsKeyPrefix, stopMetrics } from '@roadcall/utils/metrics';
import { closeRedisClient, redisClient, scanAll, unlinkAny } from '@roadcall/utils/redis';
import type { Context, SQSEvent } from 'aws-lambda';
import { Client } from 'pg';
import { handler as analyzeHandler } from '../../src/handlers/performanceAnalyze';
import { handler as databaseHandler } from '../../src/handlers/performanceDatabase';
import { handler as metricsHandler } from '../../src/handlers/performanceMetrics';
import type { Analysis } from '../../src/performance/analyze';
import { apiEvent, call } from '../support/events';

/**
 * Non-HTTP functions and the Aurora pool in the metrics, on real engines: the wrappers record
 * into the real Redis buckets, the pool registers its statistics, and the /performance routes
 * read them back across the flush.
 */
const RUN_ID = randomUUID();
const POOL_MAX = 2;
const LOCK_KEY = 16_016;

const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** Resolves once `condition` holds, polling the real state (bounded: fails the test after `limitMs`). */
async function until(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeAll(async () => {
  process.env[ENV.metricsKeyPrefix] = `test:fnmetrics:${RUN_ID}`;
  process.env[ENV.databasePoolMax] = String(POOL_MAX);
  await closePool();
});

afterAll(async () => {
  // Every master's keys (a Cluster's SCAN cursor belongs to one node), one UNLINK per slot.
  const redis = redisClient();
  for await (const found of scanAll(redis, `${metricsKeyPrefix()}:*`)) await unlinkAny(redis, found);
  stopMetrics();
  delete process.env[ENV.databasePoolMax];
  await Promise.all([closeRedisClient(), closePool()]);
  sqsClient().destroy();
});

interface Series {
  name: string;
  count: number;
  errors: number;
  coldStarts: number;
}

describe('every function records invocations, errors, latency and cold starts', () => {
  it('shows a queue consumer (with a failed message) and a scheduled function in /performance/metrics', async () => {
    const consumer = createQueueConsumer({
      function: 'incidents.processMatching',
      handleRecord: async (record) => {
        if (record.body === 'poison') throw new Error('not a matching message');
      },
    });
    const scheduled = createScheduledHandler({ function: 'jobs.cleanup', run: async () => ({ deleted: 0 }) });
    const record = (messageId: string, body: string) => ({ messageId, body, attributes: { ApproximateReceiveCount: '1' } });
    const event = { Records: [record('m-ok', '{}'), record('m-poison', 'poison')] } as unknown as SQSEvent;

    const response = await consumer(event, context);
    // Only the poison message is reported: SQS redelivers it alone, then the DLQ keeps it.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-poison' }]);
    await scheduled({}, context);
    await scheduled({}, context);
    await flushMetrics();

    const { status, body } = await call<{ functions: Series[] }>(metricsHandler, apiEvent({ role: 'admin' }));
    expect(status).toBe(200);
    const byName = new Map(body.functions.map((series) => [series.name, series]));
    expect(byName.get('incidents.processMatching')).toMatchObject({ count: 1, errors: 1, coldStarts: 1 });
    expect(byName.get('jobs.cleanup')).toMatchObject({ count: 2, errors: 0, coldStarts: 1 });
  });
});

describe('the Aurora pool is a metrics source', () => {
  it('shows the pool in /performance/database and the analyzer reports pool waits after real checkouts queued', async () => {
    const pool = getPool();
    // A connection outside the pool holds an advisory lock; pool queries that need it block while
    // holding their connections, so the pool fills and later checkouts queue behind them.
    const blocker = new Client({ connectionString: process.env[ENV.databaseUrl] });
    await blocker.connect();
    try {
      await blocker.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      const lockers = Array.from({ length: POOL_MAX }, () => pool.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCK_KEY]));
      await until(() => pool.stats().total === POOL_MAX && pool.stats().idle === 0);
      const queued = Array.from({ length: 2 }, () => pool.query('SELECT 1'));
      await until(() => pool.stats().waiting === 2);
      await blocker.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      await Promise.all([...lockers, ...queued]);
    } finally {
      await blocker.end();
    }
    expect(pool.stats().waits).toBe(2);
    await flushMetrics();

    const database = await call<{ pools: Array<{ name: string; waits: number; acquired: number }> }>(
      databaseHandler,
      apiEvent({ role: 'admin' }),
    );
    expect(database.status).toBe(200);
    expect(database.body.pools).toEqual([expect.objectContaining({ name: 'postgres', waits: 2 })]);
    expect(database.body.pools[0]?.acquired).toBeGreaterThanOrEqual(4);

    const analysis = await call<Analysis>(analyzeHandler, apiEvent({ role: 'admin' }));
    expect(analysis.status).toBe(200);
    expect(analysis.body.findings).toContainEqual(
      expect.objectContaining({ kind: 'pool-waits', subject: 'postgres', evidence: expect.objectContaining({ waits: 2 }) }),
    );
  });
});
