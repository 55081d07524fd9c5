import { ENV } from '@roadcall/contracts';
import { type SpawnedRedis, spawnRedisServer } from '@roadcall/local';
import { dynamoClient, sqsClient } from '@roadcall/utils/aws';
import { closeCaches, getCache } from '@roadcall/utils/cache';
import { closePool } from '@roadcall/utils/db';
import { closeRedisClient } from '@roadcall/utils/redis';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { handler } from '../../src/handlers/health';
import { HEALTH_CACHE_KEY } from '../../src/health';
import { healthCache } from '../../src/runtime';

/**
 * GET /health against the real engines, with a Redis of this test's own so that it can be killed
 * (the shared test Redis is left alone).
 */
let redis: SpawnedRedis;

beforeAll(async () => {
  redis = await spawnRedisServer();
  process.env[ENV.redisUrl] = redis.url;
  // A standalone server of its own, whatever the project's Redis (jest/clusterSuites.js leaves it out of the cluster's).
  process.env[ENV.redisCluster] = 'false';
});
afterAll(async () => {
  // closeCaches: the system-health cache's invalidation subscriber would otherwise keep
  // reconnecting to this test's Redis after it stops, and keep the jest worker alive.
  await Promise.all([closeCaches(), closeRedisClient(), closePool()]);
  dynamoClient().destroy();
  sqsClient().destroy();
  await redis.stop();
});

type Answer = {
  status: number;
  headers: Record<string, unknown>;
  body: { status: string; down: string[]; checks: Record<string, { status: string; latencyMs: number }>; checkedAt: string };
};

async function get(): Promise<Answer> {
  const result = (await handler(
    { httpMethod: 'GET', path: '/health', requestContext: { requestId: 'r' } } as never,
    {} as never,
  )) as APIGatewayProxyResult;
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body) };
}

/** One deep check: the container cache and the shared entry are cleared first (the 60 s TTL is tested with a fake clock in tests/unit). */
async function health(): Promise<{
  status: number;
  headers: Record<string, unknown>;
  body: { status: string; down: string[]; checks: Record<string, { status: string; latencyMs: number }>; checkedAt: string };
}> {
  healthCache().clear();
  await getCache('systemHealth').delete(HEALTH_CACHE_KEY);
  const result = (await handler(
    { httpMethod: 'GET', path: '/health', requestContext: { requestId: 'r' } } as never,
    {} as never,
  )) as APIGatewayProxyResult;
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body) };
}

it('answers 200 with every dependency up and its latency', async () => {
  const { status, body } = await health();
  expect(status).toBe(200);
  expect(body.status).toBe('ok');
  for (const name of ['dynamodb', 'redis', 'postgres', 'sqs']) {
    expect(body.checks[name]).toEqual({ status: 'up', latencyMs: expect.any(Number) });
  }
});

it('shares one deep check across containers through the system-health namespace', async () => {
  const first = await health();
  // Another container: nothing in its memory (no per-container report, no L1 copy), Redis shared.
  healthCache().clear();
  getCache('systemHealth').clearLocal();
  const second = await get();
  expect(second.status).toBe(200);
  expect(second.body.checkedAt).toBe(first.body.checkedAt);
});

it('answers 503 naming Redis while it is down, and 200 again once it is back', async () => {
  await redis.kill();
  const down = await health();
  expect(down.status).toBe(503);
  expect(down.headers['Retry-After']).toBe('5');
  expect(down.body.down).toEqual(['redis']);
  expect(down.body.checks.redis?.status).toBe('down');
  expect(down.body.checks.dynamodb?.status).toBe('up');

  await redis.restart();
  // ioredis reconnects with backoff; the next health call after it is ready must be green.
  const { redisClient } = await import('@roadcall/utils/redis');
  if (redisClient().status !== 'ready') await new Promise((resolve) => redisClient().once('ready', resolve));
  expect((await health()).status).toBe(200);
});
