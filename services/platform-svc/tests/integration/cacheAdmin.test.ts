import { randomUUID } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { sqsClient } from '@roadcall/utils/aws';
import { cacheKey, closeCaches, getCache } from '@roadcall/utils/cache';
import { closePool } from '@roadcall/utils/db';
import { closeRedisClient } from '@roadcall/utils/redis';
import { handler as auditHandler } from '../../src/handlers/auditLog';
import { handler as entryHandler } from '../../src/handlers/cacheEntry';
import { handler as clearHandler } from '../../src/handlers/clearCache';
import { handler as setEntryHandler } from '../../src/handlers/setCacheEntry';
import { apiEvent, call } from '../support/events';

/**
 * The cache admin routes on the real Redis. This file's caches live under a stage of their own
 * (the cache key prefix is `rc:<stage>`), so clearing "every namespace" here clears only its keys.
 */
const RUN = randomUUID().slice(0, 8);
process.env[ENV.stage] = `cache-admin-${RUN}`;

afterAll(async () => {
  await closeCaches();
  await Promise.all([closeRedisClient(), closePool()]);
  sqsClient().destroy();
});

const post = (body?: unknown) => call<Record<string, unknown>>(clearHandler, apiEvent({ method: 'POST', role: 'admin', body }));

describe('POST /performance/cache/clear', () => {
  it('clears every namespace only when asked with { "all": true }, and is audited', async () => {
    await getCache('revenue').set('r1', 1);
    await getCache('products').set('p1', 1);
    // No body, an empty body or all: false clear nothing: every namespace is never the default.
    for (const body of [undefined, {}, { all: false }]) {
      const refused = await post(body);
      expect({ body, status: refused.status, error: (refused.body.error as { code?: string } | undefined)?.code }).toEqual({
        body,
        status: 400,
        error: 'VALIDATION_FAILED',
      });
    }
    expect(await getCache('revenue').get('r1')).toBe(1);
    expect(await getCache('products').get('p1')).toBe(1);

    const answer = await post({ all: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ cleared: { by: 'all' } });
    expect(await getCache('revenue').get('r1')).toBeUndefined();
    expect(await getCache('products').get('p1')).toBeUndefined();
    const audit = await call<{ items: Array<{ action: string; subject: string }> }>(auditHandler, apiEvent({ role: 'admin' }));
    // Other test files record actions too: this one's is the newest cache clear.
    expect(audit.body.items.find((item) => item.action === 'cache.clear')).toMatchObject({ subject: 'all' });
  });

  it('applies `namespace:glob` in that namespace only; a bare glob in every namespace', async () => {
    await getCache('revenue').set('GET /analytics/revenue?a', 1);
    await getCache('products').set('GET /analytics/revenue?a', 2);
    const scoped = await post({ pattern: 'revenue:*' });
    expect(scoped.body).toMatchObject({ cleared: { by: 'pattern', value: 'revenue:*' }, namespaces: ['revenue'], removed: 1 });
    expect(await getCache('revenue').get('GET /analytics/revenue?a')).toBeUndefined();
    expect(await getCache('products').get('GET /analytics/revenue?a')).toBe(2);

    const bare = await post({ pattern: 'GET /analytics/*' });
    expect(bare.body).toMatchObject({ cleared: { by: 'pattern' }, removed: 1 });
    expect(await getCache('products').get('GET /analytics/revenue?a')).toBeUndefined();
  });

  it('refuses more than one selector and unknown namespaces with a 400', async () => {
    expect((await post({ tag: 'a', namespace: 'products' })).status).toBe(400);
    expect((await post({ all: true, namespace: 'products' })).status).toBe(400);
    expect((await post({ namespace: 'no-such-namespace' })).status).toBe(400);
  });
});

/** How long the entry test repeats a write that the breaker kept out of Redis (see there). */
const REDIS_WRITE_WAIT_MS = 15_000;

describe('GET and PUT /performance/cache/entry', () => {
  it('sets an entry with its tags and reads back its tiers, TTL left, age and tags; audited', async () => {
    const key = cacheKey('entry', RUN);
    // On a busy machine a Redis command can outlast the cache's command timeout and open its
    // breaker for a moment; the entry then lands in L1 only (the documented degradation). The
    // write is repeated (bounded) until Redis took it, which is the case under test here.
    const deadline = Date.now() + REDIS_WRITE_WAIT_MS;
    let got: Awaited<ReturnType<typeof call<Record<string, unknown>>>>;
    do {
      const put = await call<Record<string, unknown>>(
        setEntryHandler,
        apiEvent({ method: 'PUT', role: 'admin', body: { namespace: 'revenue', key, value: { total: 42 }, tags: ['day:2026-11-30'] } }),
      );
      expect(put.status).toBe(200);
      got = await call<Record<string, unknown>>(entryHandler, apiEvent({ role: 'admin', query: { namespace: 'revenue', key } }));
      expect(got.status).toBe(200);
    } while (!(got.body.tiers as string[]).includes('redis') && Date.now() < deadline);
    expect(got.body).toMatchObject({
      namespace: 'revenue',
      key,
      tiers: ['memory', 'redis'],
      value: { total: 42 },
      ttlSeconds: 300,
      tags: ['day:2026-11-30'],
      stale: false,
    });
    expect(got.body.ttlLeftSeconds).toBeGreaterThan(0);
    expect(got.body.ttlLeftSeconds).toBeLessThanOrEqual(300);

    // Another container (no L1 copy) finds it in Redis only.
    getCache('revenue').clearLocal();
    const remote = await call<Record<string, unknown>>(entryHandler, apiEvent({ role: 'admin', query: { namespace: 'revenue', key } }));
    expect(remote.body).toMatchObject({ tiers: ['redis'], value: { total: 42 }, tags: ['day:2026-11-30'] });

    // Its tag works as any other: a tag clear drops it.
    await post({ tag: 'day:2026-11-30' });
    expect((await call(entryHandler, apiEvent({ role: 'admin', query: { namespace: 'revenue', key } }))).status).toBe(404);

    const audit = await call<{ items: Array<{ action: string; subject: string }> }>(auditHandler, apiEvent({ role: 'admin' }));
    expect(audit.body.items.map((item) => item.action)).toContain('cache.set');
  });

  it('refuses per-user namespaces, unknown namespaces and non-admins', async () => {
    const put = (body: unknown, role: 'admin' | 'driver' = 'admin') => call(setEntryHandler, apiEvent({ method: 'PUT', role, body }));
    expect((await put({ namespace: 'me', key: 'x', value: 1 })).status).toBe(400);
    expect((await put({ namespace: 'nope', key: 'x', value: 1 })).status).toBe(400);
    // Namespaces whose entries only their own writers may set: flags are validated by
    // PUT /admin/flags (a forged entry would reach matching and break GET /admin/flags), and the
    // audit log's pages must show only recorded actions.
    for (const namespace of ['feature-flags', 'audit-logs']) {
      const refused = await put({ namespace, key: 'all', value: {} });
      expect({ namespace, status: refused.status }).toEqual({ namespace, status: 400 });
      expect(await getCache(namespace).inspect('all')).toBeUndefined();
    }
    expect((await put({ namespace: 'revenue', key: 'x', value: 1 }, 'driver')).status).toBe(403);
    expect((await call(entryHandler, apiEvent({ role: 'driver', query: { namespace: 'revenue', key: 'x' } }))).status).toBe(403);
  });
});
