import { randomUUID } from 'node:crypto';
import { closeCaches } from '@roadcall/utils/cache';
import { closePool, migrate } from '@roadcall/utils/db';
import { Pool } from 'pg';
import { createOwnDatabase } from '../../../../packages/utils/tests/support/db/ownPostgres';
import { capturedPaymentTotals } from '../../src';
import { handler as createPayment } from '../../src/handlers/createPayment';
import { handler as getPayment } from '../../src/handlers/getPayment';
import { handler as listPayments } from '../../src/handlers/listPayments';
import { admin, call, countPayments, driver, ensurePayable, paymentBody, seedIncident } from '../support/api';

// Real engines on a shared 2-core machine: jest's 5 s default is too tight (projects ignore testTimeout).
jest.setTimeout(60_000);

let database: Awaited<ReturnType<typeof createOwnDatabase>>;
/** POST /payments; the body's incident is seeded as the payer's completed incident first (unless `seed: false`). */
const post = async (claims: Record<string, string>, body: unknown, key?: string, seed = true) => {
  if (seed) await ensurePayable(body, claims);
  return call(createPayment, {
    method: 'POST',
    path: '/payments',
    body,
    claims,
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  });
};
const get = (claims: Record<string, string>, id: string) =>
  call(getPayment, { method: 'GET', path: `/payments/${id}`, resource: '/payments/{id}', pathParameters: { id }, claims });
const list = (claims: Record<string, string>, query: Record<string, string> = {}) =>
  call<{ items: Array<{ id: string; createdAt: string }>; nextCursor: string | null; hasMore: boolean }>(listPayments, {
    method: 'GET',
    path: '/payments',
    query,
    claims,
  });

beforeAll(async () => {
  // A database of our own: these tests count rows.
  database = await createOwnDatabase(process.env.DATABASE_URL as string, 'roadcall_payments');
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
});

afterAll(async () => {
  await closePool();
  await closeCaches();
  await database.drop();
});

describe('POST /payments', () => {
  it('requires an Idempotency-Key header', async () => {
    const answer = await post(driver('user-nokey'), paymentBody());
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REQUIRED' } });
    expect(await countPayments(database.url, 'user_id = $1', ['user-nokey'])).toBe(0);
  });

  it('creates once per key: a replay returns the same payment, a different body under the key is a 422', async () => {
    const user = driver(`user-${randomUUID()}`);
    const key = randomUUID();
    const body = paymentBody({ amountCents: 12_345, currency: 'EUR', description: 'tow to garage' });
    const first = await post(user, body, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      amountCents: 12_345,
      currency: 'EUR',
      status: 'captured',
      userId: user.sub,
      description: 'tow to garage',
    });
    expect(first.headers.location).toBe(`/payments/${first.body.id}`);

    const replay = await post(user, body, key);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);

    const conflicting = await post(user, { ...body, amountCents: 99_999 }, key);
    expect(conflicting.status).toBe(422);
    expect(conflicting.body).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED', details: { paymentId: first.body.id } } });
    expect(await countPayments(database.url, 'user_id = $1', [user.sub])).toBe(1);
  });

  it('scopes keys per caller: the same key from two users is two payments', async () => {
    const key = randomUUID();
    const a = await post(driver(`user-a-${key}`), paymentBody(), key);
    const b = await post(driver(`user-b-${key}`), paymentBody(), key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it.each([
    ['a float amount', { amountCents: 10.5 }],
    ['an unknown currency', { currency: 'XYZ' }],
    ['a malformed incident reference', { incidentId: '../etc' }],
  ])('rejects %s with a 400 and stores nothing', async (_name, patch) => {
    const user = driver(`user-${randomUUID()}`);
    const answer = await post(user, paymentBody(patch), randomUUID());
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await countPayments(database.url, 'user_id = $1', [user.sub])).toBe(0);
  });

  describe('bound to an incident', () => {
    const pay = (claims: Record<string, string>, incidentId: string, patch: Record<string, unknown> = {}) =>
      post(claims, paymentBody({ incidentId, vendorId: undefined, ...patch }), randomUUID(), false);

    it("pays the caller's completed incident, to the incident's vendor (not one named in the body)", async () => {
      const user = driver(`user-${randomUUID()}`);
      const incidentId = randomUUID();
      await seedIncident(incidentId, user.sub, { vendorId: 'vendor-served' });
      const answer = await pay(user, incidentId);
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ incidentId, vendorId: 'vendor-served', userId: user.sub });
      const named = await pay(user, incidentId, { vendorId: 'vendor-000000' });
      expect(named.status).toBe(409);
      expect(named.body).toMatchObject({ error: { code: 'VENDOR_MISMATCH' } });
    });

    it("refuses another driver's incident and an unknown one with 404, storing nothing", async () => {
      const owner = driver(`user-${randomUUID()}`);
      const other = driver(`user-${randomUUID()}`);
      const incidentId = randomUUID();
      await seedIncident(incidentId, owner.sub);
      const answers = await Promise.all([
        pay(other, incidentId, { amountCents: 5_000_000 }),
        pay(other, 'no-such-incident-0000'),
        pay(other, randomUUID()),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
      expect(answers[0]?.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect(await countPayments(database.url, 'user_id = $1', [other.sub])).toBe(0);
    });

    it.each(['created', 'matching', 'assigned', 'en_route', 'arrived', 'cancelled', 'escalated'])(
      'refuses an incident that is %s with a 409',
      async (status) => {
        const user = driver(`user-${randomUUID()}`);
        const incidentId = randomUUID();
        await seedIncident(incidentId, user.sub, { status: status as never });
        const answer = await pay(user, incidentId);
        expect(answer.status).toBe(409);
        expect(answer.body).toMatchObject({ error: { code: 'INCIDENT_NOT_PAYABLE', details: { status } } });
        expect(await countPayments(database.url, 'user_id = $1', [user.sub])).toBe(0);
      },
    );

    it("lets an admin pay a driver's completed incident; bounds the amount", async () => {
      const user = driver(`user-${randomUUID()}`);
      const incidentId = randomUUID();
      await seedIncident(incidentId, user.sub);
      expect((await pay(admin(`admin-${randomUUID()}`), incidentId)).status).toBe(201);
      const huge = await pay(user, incidentId, { amountCents: 100_000_000 });
      expect(huge.status).toBe(400);
    });
  });

  it('200 concurrent creates carrying 50 duplicate keys make exactly 150 payments', async () => {
    const user = driver(`user-burst-${randomUUID()}`);
    const keys = Array.from({ length: 150 }, () => randomUUID());
    const bodies = new Map(keys.map((key, index) => [key, paymentBody({ amountCents: 100 + index })]));
    // 150 distinct keys, then 50 of them again: all 200 in flight at once, shuffled.
    const requests = [...keys, ...keys.slice(0, 50)].map((key) => ({ key, body: bodies.get(key) }));
    requests.sort(() => Math.random() - 0.5);
    // The payer's incidents exist before the burst (seeding them inside it would load the table client too).
    for (const body of bodies.values()) await ensurePayable(body, user);
    const before = await countPayments(database.url);
    // A well-behaved client: 200 requests in one process queue for the table client's sockets, and
    // one that waits past the connection timeout is a 503 with Retry-After; it retries the same key
    // (idempotency makes that safe), after a short pause (Retry-After scaled down for the test).
    const postRetrying = async (body: unknown, key: string) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await post(user, body, key);
        if (answer.status !== 503 || attempt === 5) return answer;
        expect(answer.headers['retry-after']).toBeDefined();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const answers = await Promise.all(requests.map(({ key, body }) => postRetrying(body, key).then((answer) => ({ key, answer }))));

    expect(
      answers.filter(({ answer }) => answer.status !== 201 && answer.status !== 200).map(({ answer }) => [answer.status, answer.body]),
    ).toEqual([]);
    expect(answers.filter(({ answer }) => answer.status === 201)).toHaveLength(150);
    expect(answers.filter(({ answer }) => answer.status === 200)).toHaveLength(50);
    const idByKey = new Map<string, string>();
    for (const { key, answer } of answers) {
      const id = String(answer.body.id);
      expect(idByKey.get(key) ?? id).toBe(id); // both requests of a duplicated key got the same payment
      idByKey.set(key, id);
    }
    expect(new Set(idByKey.values()).size).toBe(150);
    expect(await countPayments(database.url, 'user_id = $1', [user.sub])).toBe(150);
    expect((await countPayments(database.url)) - before).toBe(150);
  });
});

describe('GET /payments/{id}', () => {
  it('answers the owner and admins; anyone else gets a 404', async () => {
    const owner = driver(`user-${randomUUID()}`);
    const created = await post(owner, paymentBody(), randomUUID());
    const id = String(created.body.id);
    expect((await get(owner, id)).body).toEqual(created.body);
    expect((await get(admin(), id)).status).toBe(200);
    const stranger = await get(driver(`user-${randomUUID()}`), id);
    expect(stranger.status).toBe(404);
    expect((await get(owner, randomUUID())).status).toBe(404);
    expect((await get(owner, 'not-a-uuid')).status).toBe(400);
    expect((await get({} as Record<string, string>, id)).status).toBe(401);
  });
});

describe('GET /payments', () => {
  it('pages through the caller’s payments newest first with signed cursors', async () => {
    const owner = driver(`user-${randomUUID()}`);
    const created: string[] = [];
    for (let index = 0; index < 5; index++)
      created.push(String((await post(owner, paymentBody({ amountCents: 1_000 + index }), randomUUID())).body.id));
    await post(driver(`user-${randomUUID()}`), paymentBody(), randomUUID()); // someone else's: never listed

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(owner, cursor ? { limit: '2', cursor } : { limit: '2' });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
      expect(page.body.hasMore).toBe(cursor !== null);
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it('rejects a tampered cursor, and one issued to another caller, with a 400', async () => {
    const owner = driver(`user-${randomUUID()}`);
    for (let index = 0; index < 3; index++) await post(owner, paymentBody(), randomUUID());
    const page = await list(owner, { limit: '1' });
    const cursor = page.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const [version, body, signature] = cursor.split('.') as [string, string, string];
    const forged = `${version}.${Buffer.from(JSON.stringify({ c: '1970-01-01 00:00:00+00', i: randomUUID() })).toString('base64url')}.${signature}`;
    expect((await list(owner, { cursor: forged })).status).toBe(400);
    expect((await list(owner, { cursor: `${version}.${body}.AAAA` })).status).toBe(400);
    const theft = await list(driver(`user-${randomUUID()}`), { cursor });
    expect(theft.status).toBe(400);
    expect(theft.body).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
  });

  it('lists everyone’s payments for an admin', async () => {
    const page = await list(admin(), { limit: '100' });
    expect(page.status).toBe(200);
    expect(new Set(page.body.items.map((item) => (item as unknown as { userId: string }).userId)).size).toBeGreaterThan(1);
  });
});

describe('capturedPaymentTotals (what the jobs report reads, through the public face)', () => {
  it('sums captured payments per incident, leaves out refunded ones and incidents without a payment', async () => {
    const user = driver(`user-${randomUUID()}`);
    const [paidTwice, paidOnce, refunded, unpaid] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const [incidentId, amountCents] of [
      [paidTwice, 1_000],
      [paidTwice, 250],
      [paidOnce, 4_200],
      [refunded, 999],
    ] as const) {
      expect((await post(user, paymentBody({ incidentId, amountCents }), randomUUID())).status).toBe(201);
    }
    // No refund route exists yet: the owner's table is set directly, in this test's own database.
    const pool = new Pool({ connectionString: database.url });
    await pool.query(`UPDATE payments SET status = 'refunded' WHERE incident_id = $1`, [refunded]);
    await pool.end();

    const totals = await capturedPaymentTotals([paidTwice, paidOnce, refunded, unpaid, paidOnce]);
    expect(Object.fromEntries(totals)).toEqual({ [paidTwice]: 1_250, [paidOnce]: 4_200 });
    expect((await capturedPaymentTotals([])).size).toBe(0);
  });
});
