import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { ENV } from '@roadcall/contracts';
import { createCursorCodec } from '@roadcall/utils/pagination';
import { type RunningApiServer, startApiServer } from '../../src';
import { admin, type Caller, callerFor, driver, newIncident, newVendor, rawRequest, startApi, stopApi } from '../support/apiStack';

/**
 * Regression tests for the inputs that answered 500 (issue #15), each against the whole local
 * stack: the real adapter, the real handlers and the integration project's engines.
 */
let api: RunningApiServer;
let driverA: Caller;
let adminCaller: Caller;
const vendorId = `hostile-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  api = await startApi();
  driverA = await callerFor(api, driver());
  adminCaller = await callerFor(api, admin());
  expect((await adminCaller.call('POST', '/vendors', newVendor(vendorId))).status).toBe(201);
});
afterAll(() => stopApi(api));

describe('prototype names as query keys and header names', () => {
  it.each([
    ['/health?__proto__=1', {}],
    ['/health?constructor=1', {}],
    ['/health?toString=1&hasOwnProperty=2', {}],
    ['/health', { toString: '1' }],
    ['/health', { constructor: 'x', __proto__: 'y' }],
  ])('GET %s %j answers 200 on the public health route', async (path, headers) => {
    const answer = await rawRequest(api.url, { path, headers: headers as Record<string, string> });
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('ok');
  });

  it('answers 401 on a protected route without a token, and the route itself with one', async () => {
    expect((await rawRequest(api.url, { path: '/vendors?constructor=1', headers: { toString: '1' } })).status).toBe(401);
    const withToken = await driverA.call('GET', '/vendors?constructor=1&__proto__=2', undefined, { toString: '1', valueOf: '2' });
    expect(withToken.status).toBeLessThan(500);
    expect([200, 400]).toContain(withToken.status);
  });
});

describe('bad percent-encoding in a path parameter', () => {
  it.each(['/vendors/%', '/vendors/%E0%A4%A', '/jobs/%ZZ', '/incidents/%C0'])('GET %s answers 400 with a JSON error', async (path) => {
    const answer = await rawRequest(api.url, { path, headers: { Authorization: `Bearer ${driverA.token}` } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('BAD_REQUEST');
  });
});

describe('numbers DynamoDB cannot store', () => {
  it.each([5e-324, 1e-131, -2.2e-308])('refuses %s as a coordinate or a rating with a 400', async (value) => {
    const created = await adminCaller.call('POST', '/vendors', newVendor(`hostile-${randomUUID().slice(0, 8)}`, { rating: value }));
    expect(created.status).toBe(400);
    const moved = await adminCaller.call('PUT', `/vendors/${vendorId}/location`, { lat: value, lon: 0 });
    expect(moved.status).toBe(400);
    const incident = await driverA.call('POST', '/incidents', newIncident({ location: { lat: 10, lon: value } }));
    expect(incident.status).toBe(400);
    const search = await driverA.call('GET', `/vendors/search?lat=${value}&lon=0`);
    expect(search.status).toBe(400);
  });

  it('still takes zero and ordinary coordinates', async () => {
    expect((await adminCaller.call('PUT', `/vendors/${vendorId}/location`, { lat: -60.6, lon: 0 })).status).toBe(200);
  });
});

describe('a NUL byte in a string that goes to PostgreSQL', () => {
  it('is a 400 on POST /payments, not a failed insert', async () => {
    const answer = await driverA.call(
      'POST',
      '/payments',
      { incidentId: 'inc-1', vendorId, amountCents: 100, currency: 'USD', description: 'tow\u0000truck' },
      { 'Idempotency-Key': randomUUID() },
    );
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json.error.details)).toContain('NUL');
  });
});

describe('unbounded job metadata', () => {
  // As text: JSON.stringify itself would overflow the stack on 5,000 levels.
  const deep = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const body = (metadata: unknown): string =>
    `{"type":"export","params":{"source":"incidents"},"metadata":${typeof metadata === 'string' ? metadata : JSON.stringify(metadata)}}`;

  it.each([
    ['nested 5,000 deep', deep(5_000)],
    ['500 KB large', { blob: 'x'.repeat(500 * 1024) }],
    ['with an unstorable number', { n: 5e-324 }],
  ])('refuses metadata %s with a 400', async (_what, metadata) => {
    const answer = await driverA.call('POST', '/jobs', body(metadata));
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(16 * 1024);
  });
});

describe('cache clear by a prototype name', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    '{"namespace":"%s"} is a 400 that leaks nothing',
    async (namespace) => {
      const answer = await adminCaller.call('POST', '/performance/cache/clear', { namespace });
      expect(answer.status).toBe(400);
      expect(answer.json.error.message).toBe(`Unknown cache namespace "${namespace}"`);
      expect(answer.text).not.toContain('native code');
    },
  );
});

describe('a cursor with a valid signature and a malformed payload', () => {
  const sign = (scope: string, payload: Record<string, unknown>) =>
    encodeURIComponent(createCursorCodec(process.env[ENV.cursorSecret] as string, scope).encode(payload));

  it('is a 400 on every listing', async () => {
    const user = driverA.identity.userId;
    const incidents = await driverA.call('GET', `/incidents?cursor=${sign(`incidents:list:${user}:*`, { incidentId: { S: 1 } })}`);
    expect(incidents.status).toBe(400);
    expect(incidents.json.error.code).toBe('INVALID_CURSOR');
    const jobs = await driverA.call('GET', `/jobs?cursor=${sign(`jobs:list:${user}:*`, { jobId: 'x', bogus: true })}`);
    expect(jobs.status).toBe(400);
    const payments = await driverA.call(
      'GET',
      `/payments?cursor=${sign(`payments:list:${user}`, { c: '2026-02-30 10:00:00+00', i: randomUUID() })}`,
    );
    expect(payments.status).toBe(400);
    const vendors = await driverA.call('GET', `/vendors?cursor=${sign('vendors.list', { k: { nested: true } })}`);
    expect(vendors.status).toBe(400);
  });
});

describe('a body of many unknown keys', () => {
  it('gets a bounded validation error', async () => {
    const body = Object.fromEntries(Array.from({ length: 60_000 }, (_, index) => [`unknown_key_${index}`, 1]));
    const text = JSON.stringify(body);
    expect(text.length).toBeGreaterThan(1_300_000);
    const answer = await adminCaller.call('PUT', `/vendors/${vendorId}/location`, text);
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(16 * 1024);
    expect(answer.json.error.details.length).toBeLessThanOrEqual(20);
  });
});

describe('the local server against slow clients', () => {
  it('cuts off a client that never finishes its headers (408)', async () => {
    const slow = await startApiServer({
      routes: [],
      resolve: () => {
        throw new Error('no routes');
      },
      jwtSecret: 'x',
      stage: 'test',
      timeouts: { headersMs: 300, requestMs: 600 },
    });
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(slow.port, '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'));
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString();
        });
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await slow.close();
    }
  });
});
