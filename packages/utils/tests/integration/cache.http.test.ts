import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { RouteContract } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { cacheRedisClient, closeCaches, getCache, httpCacheKey } from '../../src/cache';
import { createHandler, json } from '../../src/http';

const run = randomBytes(4).toString('hex');
const route = (id: string, varyByUser: boolean, varyByQuery: boolean, auth: RouteContract['auth'] = 'user'): RouteContract => ({
  id: `test.${id}${run}`,
  service: 'platform',
  handler: id,
  method: 'GET',
  path: `/cache-test/${run}/{id}`,
  auth,
  summary: 'cache middleware test',
  cache: { namespace: 'vendorProfile', varyByUser, varyByQuery },
});

function event(
  user: string,
  path: string,
  options: { query?: Record<string, string>; headers?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    path,
    headers: options.headers ?? {},
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: { id: path.split('/').pop() as string },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    resource: path,
    requestContext: {
      requestId: randomBytes(4).toString('hex'),
      authorizer: { claims: { sub: user } },
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

const context = { awsRequestId: 'test' } as Context;
const call = async (handler: ReturnType<typeof createHandler>, e: APIGatewayProxyEvent) =>
  (await handler(e, context)) as APIGatewayProxyResult;

// The first request must not also pay for opening the L2 connection (on a Cluster: the seed, the
// slot map, the ready check) inside the production 250 ms L2 timeout: on a busy machine its write
// would time out and the "HIT-L2 from another container" below would be a MISS.
beforeAll(async () => {
  const redis = cacheRedisClient();
  if (redis && redis.status !== 'ready') await once(redis, 'ready');
  await getCache('vendorProfile').ready;
});

afterAll(async () => {
  await getCache('vendorProfile').invalidatePattern(`test.*${run}*`);
  await closeCaches();
});

/**
 * A fresh 300 s entry's Cache-Control: the TTL left can only have shrunk by the time the call took
 * (seconds on a busy machine), never grown, so the bound comes from the clock, not from a guess.
 */
function expectFreshMaxAge(header: unknown, visibility: 'public' | 'private', before: number): void {
  const tookSeconds = Math.ceil((Date.now() - before) / 1000);
  const match = new RegExp(`^${visibility}, max-age=(\\d+)$`).exec(String(header));
  expect(match).not.toBeNull();
  const maxAge = Number(match?.[1]);
  expect(maxAge).toBeLessThanOrEqual(300);
  expect(maxAge).toBeGreaterThanOrEqual(300 - tookSeconds - 1);
}

describe('HTTP cache middleware (policy from the route contract)', () => {
  it('MISS then HIT-L1, HIT-L2 from another container, ETag 304, BYPASS on no-cache', async () => {
    let calls = 0;
    const handler = createHandler({ route: route('shared', false, true), handle: async () => ({ n: ++calls }) });
    const path = `/cache-test/${run}/v1`;
    const before = Date.now();
    const first = await call(handler, event('alice', path, { query: { b: '2', a: '1' } }));
    expect(first.statusCode).toBe(200);
    // Shared between users, but the route needs a token: no shared cache (CDN, proxy) may keep it.
    expect(first.headers?.['X-Cache']).toBe('MISS');
    expectFreshMaxAge(first.headers?.['Cache-Control'], 'private', before);
    const second = await call(handler, event('bob', path, { query: { a: '1', b: '2' } })); // same sorted query, shared route
    expect(second.headers?.['X-Cache']).toBe('HIT-L1');
    expect(second.body).toBe(first.body);
    expect(second.headers?.['X-Request-Id']).not.toBe(first.headers?.['X-Request-Id']);

    getCache('vendorProfile').clearLocal(); // as another container would be: empty L1
    const fromRedis = await call(handler, event('carol', path, { query: { a: '1', b: '2' } }));
    expect(fromRedis.headers?.['X-Cache']).toBe('HIT-L2');

    const etag = first.headers?.ETag as string;
    const notModified = await call(handler, event('alice', path, { query: { a: '1', b: '2' }, headers: { 'If-None-Match': etag } }));
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');

    const otherQuery = await call(handler, event('alice', path, { query: { a: '9' } }));
    expect(otherQuery.headers?.['X-Cache']).toBe('MISS');
    const bypass = await call(handler, event('alice', path, { query: { a: '1', b: '2' }, headers: { 'Cache-Control': 'no-cache' } }));
    expect(bypass.headers?.['X-Cache']).toBe('BYPASS');
    expect(calls).toBe(3);
  });

  it('revalidates a no-cache conditional request (what fetch() sends with If-None-Match): 304 while current, 200 + new ETag after a change', async () => {
    let version = 1;
    const handler = createHandler({ route: route('revalidate', false, false), handle: async () => ({ version }) });
    const path = `/cache-test/${run}/v2`;
    const first = await call(handler, event('alice', path));
    const etag = first.headers?.ETag as string;
    expect(etag).toMatch(/^".+"$/);
    const conditional = { 'If-None-Match': etag, 'Cache-Control': 'no-cache', Pragma: 'no-cache' };

    const current = await call(handler, event('alice', path, { headers: conditional }));
    expect(current.statusCode).toBe(304);
    expect(current.body).toBe('');
    expect(current.headers).toMatchObject({ 'X-Cache': 'BYPASS', ETag: etag });

    version = 2; // the source changed; the stored entry is stale, the bypass reads the source
    const changed = await call(handler, event('alice', path, { headers: conditional }));
    expect(changed.statusCode).toBe(200);
    expect(JSON.parse(changed.body)).toEqual({ version: 2 });
    expect(changed.headers?.ETag).toMatch(/^".+"$/);
    expect(changed.headers?.ETag).not.toBe(etag);
  });

  it('keys varyByUser entries by caller: never served to another user', async () => {
    const handler = createHandler({ route: route('mine', true, false), handle: async ({ auth }) => ({ owner: auth?.userId }) });
    const path = `/cache-test/${run}/me`;
    const alice = await call(handler, event('alice', path));
    const bob = await call(handler, event('bob', path));
    expect(JSON.parse(alice.body)).toEqual({ owner: 'alice' });
    expect(JSON.parse(bob.body)).toEqual({ owner: 'bob' });
    expect(bob.headers?.['X-Cache']).toBe('MISS');
    const aliceAgain = await call(handler, event('alice', path));
    expect(aliceAgain.headers).toMatchObject({ 'X-Cache': 'HIT-L1', Vary: 'Authorization' });
    expect(aliceAgain.headers?.['Cache-Control']).toMatch(/^private, /);
    expect(JSON.parse(aliceAgain.body)).toEqual({ owner: 'alice' });
  });

  it('keys by the route template and path parameters (a base-path mapping does not split entries), purgeable by httpCacheKey', async () => {
    let calls = 0;
    const contract = route('template', false, false);
    const handler = createHandler({ route: contract, handle: async () => ({ n: ++calls }) });
    const first = await call(handler, event('alice', `/cache-test/${run}/v7`));
    expect(first.headers?.['X-Cache']).toBe('MISS');
    // The same resource behind an API Gateway base-path mapping: event.path differs, the template does not.
    const mapped = await call(handler, event('alice', `/v1/cache-test/${run}/v7`));
    expect(mapped.headers?.['X-Cache']).toBe('HIT-L1');
    expect(mapped.body).toBe(first.body);

    const key = httpCacheKey(contract, { pathParameters: { id: 'v7' } });
    expect(await getCache('vendorProfile').getEntry(key)).toMatchObject({ source: 'HIT-L1' });
    await getCache('vendorProfile').delete(key);
    expect((await call(handler, event('alice', `/cache-test/${run}/v7`))).headers?.['X-Cache']).toBe('MISS');
    expect(calls).toBe(2);
    // A value cannot forge another segment of the template.
    expect(httpCacheKey(contract, { pathParameters: { id: 'a/b' } })).not.toBe(
      httpCacheKey({ ...contract, path: `/cache-test/${run}/a/{id}` }, { pathParameters: { id: 'b' } }),
    );
  });

  it('says Cache-Control public only on public routes', async () => {
    const handler = createHandler({ route: route('open', false, false, 'public'), handle: async () => ({ open: true }) });
    const path = `/cache-test/${run}/open`;
    const before = Date.now();
    const first = await call(handler, event('alice', path));
    expectFreshMaxAge(first.headers?.['Cache-Control'], 'public', before);
    const again = await call(handler, event('bob', path));
    expect(again.headers).toMatchObject({ 'X-Cache': 'HIT-L1', 'Cache-Control': expect.stringMatching(/^public, max-age=\d+$/) });
    expect(again.headers?.Vary).toBeUndefined();
  });

  it('caches only GET 200 responses', async () => {
    let calls = 0;
    const handler = createHandler({ route: route('accepted', false, false), handle: async () => json(202, { n: ++calls }) });
    const path = `/cache-test/${run}/job`;
    expect((await call(handler, event('alice', path))).statusCode).toBe(202);
    expect((await call(handler, event('alice', path))).headers?.['X-Cache']).toBe('MISS');
    expect(calls).toBe(2);
  });
});
