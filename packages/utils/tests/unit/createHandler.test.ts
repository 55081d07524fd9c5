import type { RouteId } from '@roadcall/contracts';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { ConflictError, DependencyUnavailableError, NotFoundError } from '../../src/errors';
import { created, createHandler } from '../../src/http';
import { WARMER_EVENT_SOURCE } from '../../src/warmer';
import { adminClaims, context, driverClaims, fixtureRoute, proxyEvent } from '../support/events';

const parse = (result: unknown) => {
  const response = result as APIGatewayProxyResult;
  return { status: response.statusCode, headers: response.headers ?? {}, body: response.body ? JSON.parse(response.body) : undefined };
};

describe('createHandler', () => {
  const handle = jest.fn(async ({ path, query, body, auth }) => created({ path, query, body, user: auth?.userId }));
  const handler = createHandler({
    route: fixtureRoute(),
    path: z.object({ id: z.string().regex(/^\d+$/, 'must be numeric') }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(10),
      tag: z.union([z.string(), z.array(z.string())]).optional(),
    }),
    body: z.object({ name: z.string().min(1) }),
    handle,
  });

  beforeEach(() => handle.mockClear());

  it('passes validated, coerced input and the caller to the logic', async () => {
    const result = parse(
      await handler(
        proxyEvent({
          claims: driverClaims,
          queryStringParameters: { limit: '5', tag: 'b' },
          multiValueQueryStringParameters: { limit: ['5'], tag: ['a', 'b'] },
          body: JSON.stringify({ name: 'tow' }),
        }),
        context,
      ),
    );
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ path: { id: '1' }, query: { limit: 5, tag: ['a', 'b'] }, body: { name: 'tow' }, user: 'user-1' });
    expect(result.headers['X-Request-Id']).toBe('req-1');
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('decodes base64 bodies', async () => {
    const body = Buffer.from(JSON.stringify({ name: 'b64' })).toString('base64');
    const result = parse(await handler(proxyEvent({ claims: driverClaims, body, isBase64Encoded: true }), context));
    expect(result.body.body).toEqual({ name: 'b64' });
  });

  it('answers 400 MALFORMED_JSON with a JSON error body for a broken body', async () => {
    const result = parse(await handler(proxyEvent({ claims: driverClaims, body: '{"name": ' }), context));
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('MALFORMED_JSON');
    expect(result.body.requestId).toBe('req-1');
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers 400 listing every invalid field across path, query and body', async () => {
    const result = parse(
      await handler(
        proxyEvent({
          claims: driverClaims,
          pathParameters: { id: 'abc' },
          queryStringParameters: { limit: '500' },
          body: JSON.stringify({ name: '' }),
        }),
        context,
      ),
    );
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('VALIDATION_FAILED');
    expect(result.body.error.details).toEqual([{ in: 'path', field: 'id', message: 'must be numeric' }]);
  });

  it('answers 401 without claims on a protected route, before validation', async () => {
    const result = parse(await handler(proxyEvent({ body: 'not json' }), context));
    expect(result.status).toBe(401);
    expect(result.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 to a non-admin on an admin route and lets an admin through', async () => {
    const adminOnly = createHandler({
      route: fixtureRoute({ auth: 'admin', method: 'GET' }),
      handle: async ({ auth }) => ({ roles: auth?.roles }),
    });
    expect(parse(await adminOnly(proxyEvent({ claims: driverClaims }), context)).status).toBe(403);
    const ok = parse(await adminOnly(proxyEvent({ claims: adminClaims }), context));
    expect(ok).toMatchObject({ status: 200, body: { roles: ['admin'] } });
  });

  it.each([
    [new NotFoundError('no such vendor'), 404, 'NOT_FOUND'],
    [new ConflictError('already assigned'), 409, 'CONFLICT'],
  ])('maps %p to its status and code', async (error, status, code) => {
    const failing = createHandler({ route: fixtureRoute({ auth: 'public' }), handle: async () => Promise.reject(error) });
    const result = parse(await failing(proxyEvent(), context));
    expect(result.status).toBe(status);
    expect(result.body.error).toEqual({ code, message: error.message });
  });

  it('maps a dependency outage to 503 with Retry-After', async () => {
    const failing = createHandler({
      route: fixtureRoute({ auth: 'public' }),
      handle: async () => Promise.reject(new DependencyUnavailableError('redis', 'Redis is unavailable', { retryAfterSeconds: 7 })),
    });
    const result = parse(await failing(proxyEvent(), context));
    expect(result.status).toBe(503);
    expect(result.headers['Retry-After']).toBe('7');
    expect(result.body.error.code).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('answers 500 without leaking the message or a stack trace for an unexpected error', async () => {
    const failing = createHandler({
      route: fixtureRoute({ auth: 'public' }),
      handle: async () => Promise.reject(new Error('password=hunter2 at db.ts:12')),
    });
    const result = parse(await failing(proxyEvent(), context));
    expect(result.status).toBe(500);
    expect(result.body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error' });
    expect(JSON.stringify(result.body)).not.toMatch(/hunter2|db\.ts/);
  });

  it('answers a warming event at once, without auth, validation or the logic', async () => {
    const result = await handler({ source: WARMER_EVENT_SOURCE } as never, context);
    expect(result).toEqual({ warmed: true, cold: expect.any(Boolean), functionName: 'fixture' });
    expect(handle).not.toHaveBeenCalled();
  });

  it('fails at module load for a route id that is not in the contracts', () => {
    expect(() => createHandler({ route: 'nope.missing' as RouteId, handle: async () => 1 })).toThrow(/No route with id "nope.missing"/);
  });
});

describe('createHandler types the caller by the route auth level', () => {
  it('gives a user route a caller that is never undefined, and a public route a maybe-undefined one', async () => {
    // Type-level: `pnpm typecheck` fails if a user route's auth could be undefined, or a public one's could not.
    const userRoute = createHandler({ route: 'payments.getPayment', handle: async ({ auth }) => auth.userId });
    const publicRoute = createHandler({
      route: 'platform.health',
      // @ts-expect-error a public route's caller may be undefined
      handle: async ({ auth }) => auth.userId,
    });
    expect(typeof userRoute).toBe('function');
    expect(typeof publicRoute).toBe('function');
    // Run time: the user route answers 401 before its logic runs when there is no caller.
    const res = (await userRoute(proxyEvent({ pathParameters: { id: 'p-1' } }), context)) as APIGatewayProxyResult;
    expect(res.statusCode).toBe(401);
  });
});
