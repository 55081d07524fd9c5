import { randomUUID } from 'node:crypto';
import { ENV, ROUTES, type RouteContract } from '@roadcall/contracts';
import { createCursorCodec } from '@roadcall/utils/pagination';
import { mulberry32 as prng } from '@roadcall/utils/random';
// The incidents service's own store, for test setup only (not a dependency of the local stack).
import { IncidentStore } from '../../../../services/incidents-svc/src/store';
import { JobStore } from '../../../../services/jobs-svc/src/store';
import { type RunningApiServer, signLocalToken } from '../../src';
import { admin, type Caller, callerFor, driver, type RawAnswer, rawRequest, startApi, stopApi } from '../support/apiStack';

/**
 * A seeded fuzz suite over every route of the contracts, against the whole local stack in-process
 * (real adapter, real handlers, the integration engines): malformed JSON, wrong types, huge sizes,
 * unicode, prototype keys, bad encodings, odd numbers, auth variants; then two-user isolation of
 * every per-user resource, tampered cursors and idempotency under concurrency.
 * The bar: no 5xx, no hang (each request bounded), no isolation failure, every route covered.
 */
const SEED = 15;
/** Requests one case may take before it counts as a hang. */
const REQUEST_TIMEOUT_MS = 8_000;
/** Requests in flight at once (2 cores shared with other test workers). */
const PARALLEL = 6;

const random = prng(SEED);
const pick = <T>(items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)] as T;

/**
 * A base body per route that takes one. Routes whose valid call would enqueue work other test
 * files' consumers may pick up (incidents.create, jobs.create) get a base one field away from
 * valid, so no mutation makes it valid; admin routes with side effects get harmless bases
 * (a pattern matching nothing, vendors far from every metro).
 */
const BASE_BODIES: Readonly<Record<string, unknown>> = {
  'platform.clearCache': { pattern: 'fuzz-matches-nothing:*' },
  'platform.broadcastAlert': { severity: 'info', title: 'fuzz', message: 'fuzz broadcast (admins of this test stack only)' },
  'platform.setCacheEntry': { namespace: 'fuzz-no-such-namespace', key: 'k', value: 1 },
  'platform.setFlag': { value: 'fuzz-not-a-flag-value' },
  'platform.optimize': {},
  'vendors.create': {
    name: 'Fuzz vendor',
    services: ['towing'],
    location: { lat: -60.5, lon: -150.5 },
    rating: 4,
    available: false,
  },
  'vendors.updateAvailability': { available: true, services: ['towing'] },
  'vendors.updateLocation': { lat: -60.5, lon: -150.5 },
  'incidents.create': { location: { lat: -60.5, lon: -150.5 }, serviceType: 'fuzz-not-a-service', vehicle: { make: 'V', model: 'W' } },
  'incidents.accept': {},
  'incidents.updateStatus': { status: 'cancelled', reason: 'fuzz' },
  'tracking.updateLocation': { lat: -60.5, lon: -150.5, heading: 90, speedKmh: 40 },
  'payments.createPayment': { incidentId: 'no-such-incident-0000', amountCents: 100, currency: 'USD', description: 'fuzz' },
  'jobs.create': { type: 'fuzz-unknown-type', params: { source: 'incidents' } },
};

const ODD_NUMBERS = ['5e-324', '1e309', '-0', '1e-131', '9007199254740993', '1e126', '0.1e-200'];
const ODD_STRINGS = [
  '',
  ' ',
  'x'.repeat(100_000),
  '🚗💥'.repeat(500),
  '\u202e\u0000\u0007 NUL and bidi',
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  "' OR 1=1 --",
  '*?[a-',
  '%00%E0%A4%A',
];
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const BAD_SEGMENTS = ['%', '%E0%A4%A', '%ZZ', '%C0%AF', '..', '%2e%2e', 'a%00b', encodeURIComponent('🚗'), 'x'.repeat(2_000)];

/** Mutations of a body: each returns the raw request text. */
const BODY_MUTATIONS: ReadonlyArray<(base: Record<string, unknown>) => string> = [
  () => '{',
  () => '{"a":',
  () => 'null',
  () => '[]',
  () => '"a string"',
  () => '12',
  () => '\u0000',
  () => '{"a":1,"a":2}',
  () => `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  () => `{"${'k'.repeat(300)}":${'9'.repeat(400)}}`,
  () => JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`u${index}`, index]))),
  (base) => `{"__proto__":{"admin":true},${JSON.stringify(base).slice(1)}`,
  (base) => JSON.stringify({ ...base, constructor: { prototype: { x: 1 } }, toString: 1 }),
  (base) => {
    const keys = Object.keys(base);
    if (keys.length === 0) return JSON.stringify({ [pick(PROTO_NAMES)]: pick(ODD_STRINGS) });
    const key = pick(keys);
    return JSON.stringify({ ...base, [key]: pick<unknown>([null, 1, true, [], {}, [1, 2], pick(ODD_STRINGS)]) });
  },
  (base) => {
    const keys = Object.keys(base);
    const key = keys.length > 0 ? pick(keys) : 'n';
    return JSON.stringify({ ...base, [key]: 0 }).replace(`"${key}":0`, `"${key}":${pick(ODD_NUMBERS)}`);
  },
  (base) => {
    // A nested number replaced by an odd one (coordinates, ratings).
    const text = JSON.stringify(base);
    return text.replace(/-?\d+(\.\d+)?/, pick(ODD_NUMBERS));
  },
  (base) => {
    const copy: Record<string, unknown> = { ...base };
    delete copy[pick(Object.keys(copy).concat('none'))];
    return JSON.stringify(copy);
  },
  (base) => JSON.stringify({ ...base, extra: pick(ODD_STRINGS) }),
];

const QUERY_MUTATIONS: ReadonlyArray<() => string> = [
  () => '?__proto__=1',
  () => '?constructor=1&toString=2',
  () => `?limit=${pick(ODD_NUMBERS)}`,
  () => `?limit=${encodeURIComponent(pick(ODD_STRINGS).slice(0, 500))}`,
  () => '?cursor=v1.e30.AAAA',
  () => `?cursor=${'A'.repeat(5_000)}`,
  () => '?lat=5e-324&lon=1e309',
  () => '?lat=abc&lon=&radiusKm=-1',
  () => '?status=__proto__&limit=10&limit=20',
  () => '?from=2026-02-30&to=2026-13-01&granularity=year',
  () => '?minutes=1e309&deep=maybe',
  () => '?%=1&a=%E0%A4%A',
];

interface Case {
  readonly route: RouteContract;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly what: string;
}

/** The route's path with every `{param}` filled by `fill`. */
const pathOf = (route: RouteContract, fill: (name: string) => string): string =>
  route.path.replace(/\{(\w+)\+?\}/g, (_match, name: string) => fill(name));

let api: RunningApiServer;
let tokens: { driver: string; vendor: string; admin: string; expired: string; wrongKey: string; impostor: string };
const covered = new Map<string, number>();
const failures: string[] = [];

async function run(cases: ReadonlyArray<Case>): Promise<void> {
  for (let index = 0; index < cases.length; index += PARALLEL) {
    await Promise.all(
      cases.slice(index, index + PARALLEL).map(async (item) => {
        covered.set(item.route.id, (covered.get(item.route.id) ?? 0) + 1);
        let answer: RawAnswer;
        try {
          answer = await rawRequest(api.url, {
            method: item.method,
            path: item.path,
            headers: item.headers,
            body: item.body,
            timeoutMs: REQUEST_TIMEOUT_MS,
          });
        } catch (error) {
          failures.push(`${item.route.id} ${item.what}: no answer (${(error as Error).message})`);
          return;
        }
        const healthDown = item.route.id === 'platform.health' && answer.status === 503;
        if (answer.status >= 500 && !healthDown)
          failures.push(`${item.route.id} ${item.what}: ${answer.status} ${answer.text.slice(0, 200)}`);
        if (answer.status >= 400 && answer.status < 500 && answer.json?.error?.code === undefined)
          failures.push(`${item.route.id} ${item.what}: ${answer.status} without a JSON error body`);
        if (answer.text.length > 64 * 1024 && answer.status >= 400)
          failures.push(`${item.route.id} ${item.what}: error body of ${answer.text.length} bytes`);
      }),
    );
  }
}

/** The fuzz cases of one route: auth variants, path, query, header and body mutations. */
function casesFor(route: RouteContract): Case[] {
  const token = route.auth === 'admin' ? tokens.admin : pick([tokens.driver, tokens.vendor, tokens.admin]);
  const auth = (value: string) => ({ Authorization: `Bearer ${value}`, 'Content-Type': 'application/json' });
  const plainPath = pathOf(route, () => randomUUID());
  const base = (BASE_BODIES[route.id] ?? {}) as Record<string, unknown>;
  const baseText = JSON.stringify(base);
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  const cases: Case[] = [];
  const add = (what: string, path: string, headers: Record<string, string>, body?: string) =>
    cases.push({ route, method: route.method, path, headers, body: takesBody ? (body ?? baseText) : undefined, what });

  // Auth variants: none, garbage, expired, signed with another key, wrong role.
  add('no token', plainPath, {});
  for (const [name, value] of [
    ['garbage token', 'not.a.jwt'],
    ['empty bearer', ''],
    ['expired token', tokens.expired],
    ['token signed with another key', tokens.wrongKey],
    [
      'alg none',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","cognito:groups":"admin"}').toString('base64url')}.`,
    ],
  ] as const)
    add(name, plainPath, auth(value));
  if (route.auth === 'admin') add('wrong role (driver)', plainPath, auth(tokens.driver));
  add('impostor with a self-set vendor id', plainPath, auth(tokens.impostor));

  // Paths: bad encodings and odd segments in every parameter.
  if (route.path.includes('{'))
    for (let index = 0; index < 4; index++)
      add(
        'bad path segment',
        pathOf(route, () => pick(BAD_SEGMENTS)),
        auth(token),
      );
  // Queries and headers.
  for (let index = 0; index < 4; index++) add('query mutation', `${plainPath}${pick(QUERY_MUTATIONS)()}`, auth(token));
  add('prototype header names', plainPath, {
    ...auth(token),
    toString: '1',
    constructor: 'x',
    'If-None-Match': '*',
    'Idempotency-Key': encodeURIComponent(pick(ODD_STRINGS)).slice(0, 300) || 'k',
  });
  add('unicode header value', plainPath, {
    ...auth(token),
    'X-Fuzz': encodeURIComponent('🚗'),
    'Content-Type': 'application/json; charset=utf-16',
  });
  // Bodies.
  if (takesBody) {
    add('base body', plainPath, { ...auth(token), 'Idempotency-Key': randomUUID() });
    for (const mutate of BODY_MUTATIONS) add('body mutation', plainPath, { ...auth(token), 'Idempotency-Key': randomUUID() }, mutate(base));
    add('binary body', plainPath, { ...auth(token), 'Content-Type': 'application/octet-stream' }, String.fromCharCode(0xff, 0xfe, 0x00));
  } else {
    add('a body on a route without one', plainPath, auth(token));
  }
  return cases;
}

beforeAll(async () => {
  api = await startApi();
  const secret = process.env[ENV.localJwtSecret] as string;
  const now = Math.floor(Date.now() / 1000);
  tokens = {
    driver: await signLocalToken(driver(), secret),
    vendor: await signLocalToken(
      { userId: `fuzz-vendor-${randomUUID()}`, email: 'v@fuzz.test', roles: ['vendor'], vendorId: 'vendor-000000' },
      secret,
    ),
    admin: await signLocalToken(admin(), secret),
    expired: await signLocalToken(driver(), secret, (now - 3_600) as unknown as string), // an expiry an hour ago
    wrongKey: await signLocalToken(admin(), `${secret}-other`),
    impostor: await signLocalToken({ ...driver(), vendorId: 'vendor-000000' }, secret),
  };
});
afterAll(() => stopApi(api));

describe('fuzzing every route of the contracts', () => {
  it('answers every malformed, oversized, odd or unauthenticated request with a 4xx (or 2xx), never a 5xx or a hang', async () => {
    const cases = ROUTES.flatMap(casesFor);
    await run(cases);
    expect(failures).toEqual([]);
    // Coverage: every route in the contracts got cases (a new route without them fails here).
    const missing = ROUTES.filter((route) => (covered.get(route.id) ?? 0) < 10).map((route) => route.id);
    expect(missing).toEqual([]);
    const withoutBase = ROUTES.filter((route) => route.method !== 'GET' && route.method !== 'DELETE' && !(route.id in BASE_BODIES)).map(
      (route) => route.id,
    );
    expect(withoutBase).toEqual([]);
  });
});

describe('two users', () => {
  let a: Caller;
  let b: Caller;
  const incidentId = randomUUID();
  let jobId: string;
  let paymentId: string;

  beforeAll(async () => {
    a = await callerFor(api, driver());
    b = await callerFor(api, driver());
    // A's resources, written by their owners' stores (no queue message: no other test's consumer sees them).
    const now = new Date().toISOString();
    await new IncidentStore().create({
      incidentId,
      driverId: a.identity.userId,
      status: 'completed',
      vendorId: 'vendor-000000',
      serviceType: 'towing',
      location: { lat: -60.5, lon: -150.5 },
      vehicle: { make: 'V', model: 'W' },
      createdAt: now,
      updatedAt: now,
      history: [],
    });
    jobId = (
      await new JobStore().create({ userId: a.identity.userId, type: 'export', priority: 'normal', params: { source: 'incidents' } })
    ).jobId;
    const paid = await a.call(
      'POST',
      '/payments',
      { incidentId, amountCents: 1_500, currency: 'USD' },
      { 'Idempotency-Key': randomUUID() },
    );
    expect(paid.status).toBe(201);
    paymentId = paid.json.id;
  });

  it("never shows B one of A's resources, cached entries or ETags included", async () => {
    const reads = [
      `/incidents/${incidentId}`,
      `/tracking/${incidentId}`,
      `/jobs/${jobId}`,
      `/jobs/${jobId}/events`,
      `/payments/${paymentId}`,
    ];
    for (const path of reads) {
      const owner = await a.call('GET', path.endsWith('/events') ? `/jobs/${jobId}` : path);
      expect([path, owner.status]).toEqual([path, 200]);
      const etag = String(owner.headers.etag ?? '"none"');
      for (const headers of [{}, { 'If-None-Match': etag }, { 'If-None-Match': '*' }] as Array<Record<string, string>>) {
        const other = await b.call('GET', path, undefined, headers);
        expect([path, other.status]).toEqual([path, 404]);
        expect(other.text).not.toContain(a.identity.userId);
      }
    }
    const writes: Array<[string, string, unknown]> = [
      ['DELETE', `/jobs/${jobId}`, undefined],
      ['PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' }],
      ['PUT', `/tracking/${incidentId}/location`, { lat: 1, lon: 1 }],
      ['POST', '/payments', { incidentId, amountCents: 100, currency: 'USD' }],
    ];
    for (const [method, path, body] of writes) {
      const other = await b.call(method, path, body, { 'Idempotency-Key': randomUUID() });
      expect([method, path, other.status >= 400 && other.status < 500]).toEqual([method, path, true]);
    }
    for (const list of ['/incidents', '/jobs', '/payments']) {
      const other = await b.call('GET', list);
      expect(other.status).toBe(200);
      expect(other.text).not.toContain(a.identity.userId);
    }
    // A's job and incident are untouched.
    expect((await a.call('GET', `/jobs/${jobId}`)).json.status).toBe('queued');
  });

  it("refuses A's cursors for B, altered cursors and forged ones", async () => {
    const secret = process.env[ENV.cursorSecret] as string;
    const ofA = (scope: string, payload: Record<string, unknown>) => createCursorCodec(secret, scope).encode(payload);
    const cursors: Array<[string, string]> = [
      [
        '/incidents',
        ofA(`incidents:list:${a.identity.userId}:*`, { incidentId, driverId: a.identity.userId, createdAt: new Date().toISOString() }),
      ],
      ['/jobs', ofA(`jobs:list:${a.identity.userId}:*`, { jobId, userId: a.identity.userId, createdAt: new Date().toISOString() })],
      ['/payments', ofA(`payments:list:${a.identity.userId}`, { c: '2026-01-01 00:00:00+00', i: paymentId })],
      ['/vendors', createCursorCodec(`${secret}-forged`, 'vendors.list').encode({ k: 'vendor-000000' })],
    ];
    for (const [list, cursor] of cursors) {
      const altered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'B' : 'A'}A`;
      for (const value of [cursor, altered]) {
        const answer = await b.call('GET', `${list}?cursor=${encodeURIComponent(value)}`);
        expect([list, answer.status, answer.json.error.code]).toEqual([list, 400, 'INVALID_CURSOR']);
      }
    }
  });

  it('keeps one payment for 20 parallel duplicates of one Idempotency-Key', async () => {
    const key = randomUUID();
    const body = { incidentId, amountCents: 2_500, currency: 'USD' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => a.call('POST', '/payments', body, { 'Idempotency-Key': key })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(19);
    expect(new Set(answers.map((answer) => answer.json.id)).size).toBe(1);
  });
});
