import { randomUUID } from 'node:crypto';
import { closePool, getPool, migrate } from '@roadcall/utils/db';
import { type OwnPostgres, startOwnPostgres } from '../../../../packages/utils/tests/support/db/ownPostgres';
import { handler as createPayment } from '../../src/handlers/createPayment';
import { handler as listPayments } from '../../src/handlers/listPayments';
import { type Answer, call, countPayments, driver, ensurePayable, paymentBody } from '../support/api';

// Real engines on a shared 2-core machine: jest's 5 s default is too tight (projects ignore testTimeout).
jest.setTimeout(60_000);

/**
 * PostgreSQL restarts under the service (a failover, a patch): requests fail at most with a 503
 * and Retry-After, the pool recovers by itself, and a client retrying with its Idempotency-Key
 * never creates a second payment.
 */
let pg: OwnPostgres;

beforeAll(async () => {
  pg = await startOwnPostgres();
  await migrate(pg.url);
  process.env.DATABASE_URL = pg.url;
}, 60_000);

afterAll(async () => {
  await closePool();
  await pg?.quit();
});

/** POST /payments for the payer's completed incident (seeded in the incidents table first). */
const post = async (user: Record<string, string>, body: unknown, key: string) => {
  await ensurePayable(body, user);
  return call(createPayment, { method: 'POST', path: '/payments', body, claims: user, headers: { 'Idempotency-Key': key } });
};

/** A well-behaved client: on a 503 it waits Retry-After (scaled down for the test) and retries the same key. */
async function payWithRetries(user: Record<string, string>, body: unknown, key: string, seen: number[]): Promise<Answer> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await post(user, body, key);
    seen.push(answer.status);
    if (answer.status !== 503) return answer;
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(answer.body).toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`key ${key} never succeeded`);
}

describe('a PostgreSQL restart', () => {
  it('while down: 503 + Retry-After; once back: the same key creates the payment exactly once', async () => {
    const user = driver(`user-${randomUUID()}`);
    expect((await post(user, paymentBody(), randomUUID())).status).toBe(201);

    await pg.stop();
    const key = randomUUID();
    const body = paymentBody({ amountCents: 777 });
    const down = await post(user, body, key);
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    expect(down.body).toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE' } });
    const listing = await call(listPayments, { method: 'GET', path: '/payments', claims: user });
    expect(listing.status).toBe(503);
    expect((await getPool().healthCheck()).status).toBe('down');

    await pg.start();
    const created = await post(user, body, key);
    expect(created.status).toBe(201);
    const again = await post(user, body, key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    expect(await countPayments(pg.url, 'user_id = $1 AND amount_cents = 777', [user.sub])).toBe(1);
    expect((await getPool().healthCheck()).status).toBe('up');
  });

  it('mid-traffic: every request ends 201/200 or 503, and each key holds exactly one payment', async () => {
    const user = driver(`user-${randomUUID()}`);
    const before = getPool().stats();
    const statuses: number[] = [];
    const results = new Map<string, Answer>();
    let sent = 0;
    let afterRestart = 0;
    let restartDone = false;
    let restart: Promise<void> | undefined;
    const worker = async (): Promise<void> => {
      // Traffic goes on until the restart is over and 20 more payments went through after it.
      const deadline = Date.now() + 30_000;
      while (afterRestart < 20 && Date.now() < deadline) {
        const index = sent++;
        const key = randomUUID();
        const body = paymentBody({ amountCents: 500 + index });
        const answer = await payWithRetries(user, body, key, statuses);
        results.set(key, answer);
        // A client that lost its answer retries too: every other key is sent twice.
        if (index % 2 === 0) expect((await payWithRetries(user, body, key, statuses)).body.id).toBe(answer.body.id);
        if (restartDone) afterRestart++;
        // Paced like real clients, so the traffic spans the whole restart rather than racing ahead of it.
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (results.size >= 20 && !restart) {
          restart = pg
            .stop()
            .then(() => pg.start())
            .then(() => {
              restartDone = true;
            });
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await restart;
    expect(restartDone).toBe(true);

    expect(statuses.filter((status) => ![200, 201, 503].includes(status))).toEqual([]);
    expect([...results.values()].every((answer) => answer.status === 201 || answer.status === 200)).toBe(true);
    expect(new Set([...results.values()].map((answer) => answer.body.id)).size).toBe(results.size);
    expect(await countPayments(pg.url, 'user_id = $1', [user.sub])).toBe(results.size);
    // The restart did hit the traffic: statements failed over to retries (or 503s), and the pool recovered.
    const stats = getPool().stats();
    expect(stats.retries - before.retries + statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(stats.total).toBeLessThanOrEqual(stats.max);
    expect((await getPool().healthCheck()).status).toBe('up');
  });
});
