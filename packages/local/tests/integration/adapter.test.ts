import type { RouteContract } from '@roadcall/contracts';
import { createHandler } from '@roadcall/utils/http';
import { z } from 'zod';
import { DEMO_USERS, type RunningApiServer, signLocalToken, startApiServer } from '../../src';

/** Fixture routes served through the real adapter: the same wrapper every handler uses. */
const routes: RouteContract[] = [
  { id: 'platform.echo', method: 'GET', path: '/echo/{id}', summary: 'echo', service: 'platform', handler: 'echo', auth: 'user' },
  {
    id: 'platform.search',
    method: 'GET',
    path: '/echo/search',
    summary: 'static beats param',
    service: 'platform',
    handler: 'search',
    auth: 'public',
  },
  { id: 'platform.create', method: 'POST', path: '/echo', summary: 'body', service: 'platform', handler: 'create', auth: 'user' },
  { id: 'platform.raw', method: 'POST', path: '/raw', summary: 'raw event', service: 'platform', handler: 'raw', auth: 'public' },
];

const handlers: Record<string, unknown> = {
  echo: createHandler({
    route: routes[0] as RouteContract,
    path: z.object({ id: z.string() }),
    query: z.object({ q: z.string().optional(), tag: z.union([z.string(), z.array(z.string())]).optional() }),
    handle: async ({ path, query, auth, event }) => ({ path, query, user: auth?.userId, roles: auth?.roles, resource: event.resource }),
  }),
  search: createHandler({ route: routes[1] as RouteContract, handle: async () => ({ matched: 'search' }) }),
  create: createHandler({ route: routes[2] as RouteContract, body: z.object({ name: z.string() }), handle: async ({ body }) => body }),
  raw: async (event: {
    body: string | null;
    isBase64Encoded: boolean;
    headers: Record<string, string>;
    multiValueHeaders: Record<string, string[]>;
  }) => ({
    statusCode: 200,
    body: JSON.stringify({ body: event.body, isBase64Encoded: event.isBase64Encoded, multi: event.multiValueHeaders['X-Multi'] }),
  }),
};

const secret = 'adapter-test-secret';
let server: RunningApiServer;
let driverToken: string;

beforeAll(async () => {
  server = await startApiServer({ routes, resolve: (spec) => handlers[spec.handler] as never, jwtSecret: secret, stage: 'test' });
  driverToken = await signLocalToken(DEMO_USERS.driver, secret);
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
const body = async (response: Response): Promise<any> => response.json();

describe('the local API Gateway adapter', () => {
  it('passes path parameters, query strings (multi-value too) and authorizer claims', async () => {
    const response = await get('/echo/abc%20d?q=tow&tag=a&tag=b', { Authorization: `Bearer ${driverToken}` });
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({
      path: { id: 'abc d' },
      query: { q: 'tow', tag: ['a', 'b'] },
      user: DEMO_USERS.driver.userId,
      roles: ['driver'],
      resource: '/echo/{id}',
    });
  });

  it('prefers a static segment over a path parameter, as API Gateway does', async () => {
    const response = await get('/echo/search');
    expect(await body(response)).toEqual({ matched: 'search' });
  });

  it('answers 401 with a JSON error without a token, before the function runs', async () => {
    const response = await get('/echo/1');
    expect(response.status).toBe(401);
    expect(await body(response)).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Missing bearer token' },
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it.each([
    ['a token signed with another key', async () => signLocalToken(DEMO_USERS.driver, 'another-secret')],
    ['an expired token', async () => signLocalToken(DEMO_USERS.driver, secret, '-1m')],
    ['garbage', async () => 'not.a.jwt'],
  ])('answers 401 to %s', async (_label, token) => {
    const response = await get('/echo/1', { Authorization: `Bearer ${await token()}` });
    expect(response.status).toBe(401);
    expect((await body(response)).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 400 with a JSON error for malformed JSON', async () => {
    const response = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${driverToken}`, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    const json = await body(response);
    expect(json.error.code).toBe('MALFORMED_JSON');
    expect(typeof json.requestId).toBe('string');
  });

  it('base64-encodes binary bodies and keeps repeated headers', async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const response = await fetch(`${server.url}/raw`, {
      method: 'POST',
      headers: [
        ['Content-Type', 'application/octet-stream'],
        ['X-Multi', 'a'],
        ['X-Multi', 'b'],
      ],
      body: bytes,
    });
    const json = await body(response);
    expect(json.isBase64Encoded).toBe(true);
    expect(Buffer.from(json.body, 'base64')).toEqual(bytes);
    expect(json.multi).toEqual(['a, b']);
  });

  it('answers 404 for an unknown path and 405 for a known path with another method', async () => {
    expect((await get('/nowhere')).status).toBe(404);
    const response = await fetch(`${server.url}/echo/search`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
