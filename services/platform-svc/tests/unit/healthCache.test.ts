import { CACHE_NAMESPACES } from '@roadcall/contracts';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { createHealthCache, type HealthReport } from '../../src/health';

const report = (status: 'ok' | 'degraded'): HealthReport => ({
  status,
  down: status === 'ok' ? [] : ['redis'],
  checks: {
    dynamodb: { status: 'up', latencyMs: 1 },
    redis: { status: status === 'ok' ? 'up' : 'down', latencyMs: 1 },
    postgres: { status: 'up', latencyMs: 1 },
    sqs: { status: 'up', latencyMs: 1 },
  },
});

describe('the deep health check cache', () => {
  it('hits the backends once for two calls within 60 s, again after', async () => {
    let clock = 1_000_000;
    const check = jest.fn(async () => report('ok'));
    const cache = createHealthCache({ now: () => clock, check });
    await cache.get();
    clock += 59_999;
    const second = await cache.get();
    expect(check).toHaveBeenCalledTimes(1);
    expect(second.checkedAt).toBe(new Date(1_000_000).toISOString());
    clock += 1;
    await cache.get();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it("uses the contracts' system-health TTL by default, shares one check among concurrent callers, and caches a degraded report too", async () => {
    expect(CACHE_NAMESPACES.systemHealth.ttlSeconds).toBe(60);
    let clock = 0;
    const check = jest.fn(async () => report('degraded'));
    const cache = createHealthCache({ now: () => clock, check });
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(check).toHaveBeenCalledTimes(1);
    expect(answers.every((answer) => answer.status === 'degraded')).toBe(true);
    clock = CACHE_NAMESPACES.systemHealth.ttlSeconds * 1000 - 1;
    await cache.get();
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('does not cache a check that threw', async () => {
    const check = jest.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(report('ok'));
    const cache = createHealthCache({ now: () => 0, check });
    await expect(cache.get()).rejects.toThrow('boom');
    await expect(cache.get()).resolves.toMatchObject({ status: 'ok' });
    expect(check).toHaveBeenCalledTimes(2);
  });
});

describe('GET /health?deep=false', () => {
  it('answers 200 without touching any backend', async () => {
    jest.resetModules();
    const probes = jest.fn();
    jest.doMock('../../src/runtime', () => ({ healthCache: () => ({ get: probes, clear: jest.fn() }), sharedHealthReport: probes }));
    const { handler } = await import('../../src/handlers/health');
    const result = (await handler(
      { httpMethod: 'GET', path: '/health', queryStringParameters: { deep: 'false' }, requestContext: { requestId: 'r' } } as never,
      {} as never,
    )) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok', deep: false });
    expect(probes).not.toHaveBeenCalled();
  });

  // resetModules gave the handler a metrics module of its own, whose flusher jest/afterEnv.ts
  // cannot reach: stop that one here, or its idle flush fires after the file is torn down, opens
  // a Redis client and keeps the worker from exiting.
  afterAll(async () => {
    (await import('@roadcall/utils/metrics')).stopMetrics();
    await (await import('@roadcall/utils/redis')).closeRedisClient();
  });
});
