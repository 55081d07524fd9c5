import { randomUUID } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { dynamoClient, dynamoDocumentClient, sqsClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import { closeRedisClient } from '@roadcall/utils/redis';
import { matchingConfig } from '../../src/config';
import {
  admin,
  type Caller,
  caller,
  driver,
  east,
  eventually,
  type Harness,
  manualMatching,
  randomPlace,
  startHarness,
  towing,
  VendorFleet,
  vendor,
} from '../support/harness';

/**
 * The incidents flow end to end on the local engines: HTTP through the API Gateway adapter to the
 * real handlers, matching through the real SQS queue and poller, vendors in the real geo index.
 */
jest.setTimeout(30_000);

let harness: Harness;
const fleet = new VendorFleet();
const saved = { ...process.env };

beforeAll(async () => {
  process.env[ENV.incidentOfferWindowSeconds] = '1';
  process.env[ENV.incidentOfferBatchSize] = '3';
  process.env[ENV.incidentMatchRadiiKm] = '10,25';
  harness = await startHarness({ poll: true });
});

afterEach(async () => {
  await fleet.clear();
  process.env[ENV.incidentOfferBatchSize] = '3';
  if (saved[ENV.incidentEscalationSeconds] === undefined) delete process.env[ENV.incidentEscalationSeconds];
  else process.env[ENV.incidentEscalationSeconds] = saved[ENV.incidentEscalationSeconds];
});

afterAll(async () => {
  await harness.stop();
  // The vendors service's caches (their invalidation bus subscribes to Redis).
  await closeCaches();
  await closeRedisClient();
  dynamoDocumentClient().destroy();
  dynamoClient().destroy();
  sqsClient().destroy();
});

async function report(driverCaller: Caller, at: { lat: number; lon: number }): Promise<string> {
  const created = await driverCaller.call('POST', '/incidents', towing(at));
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toBe(`/incidents/${created.body.incidentId}`);
  return created.body.incidentId as string;
}

it('runs an incident from created to completed, offering the nearest vendors first', async () => {
  const place = randomPlace();
  const tag = randomUUID().slice(0, 8);
  const near = await fleet.add(`v-${tag}-near`, east(place, 1));
  const mid = await fleet.add(`v-${tag}-mid`, east(place, 3));
  await fleet.add(`v-${tag}-far`, east(place, 6));
  await fleet.add(`v-${tag}-other`, east(place, 0.5), { services: ['fuel'] });
  const drv = await caller(harness.api, driver());

  const incidentId = await report(drv, place);
  const offer = await harness.offers.next(incidentId);
  expect(offer.vendorIds).toEqual([near, mid, `v-${tag}-far`]);

  const winner = await caller(harness.api, vendor(near));
  const accepted = await winner.call('PUT', `/incidents/${incidentId}/accept`);
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ status: 'assigned', vendorId: near });
  const late = await (await caller(harness.api, vendor(mid))).call('PUT', `/incidents/${incidentId}/accept`);
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('INCIDENT_NOT_OPEN');

  // Skipping a step is illegal; so is a driver moving the vendor's steps.
  expect((await winner.call('PUT', `/incidents/${incidentId}/status`, { status: 'arrived' })).status).toBe(409);
  expect((await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'en_route' })).status).toBe(403);
  for (const status of ['en_route', 'arrived', 'completed']) {
    const moved = await winner.call('PUT', `/incidents/${incidentId}/status`, { status });
    expect({ status, code: moved.status, now: moved.body.status }).toEqual({ status, code: 200, now: status });
  }
  const again = await winner.call('PUT', `/incidents/${incidentId}/status`, { status: 'en_route' });
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'completed', to: 'en_route' } });
  expect((await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' })).status).toBe(409);

  const final = await drv.call('GET', `/incidents/${incidentId}`);
  expect(final.status).toBe(200);
  expect(final.body.history.map((change: { status: string }) => change.status)).toEqual([
    'created',
    'matching',
    'assigned',
    'en_route',
    'arrived',
    'completed',
  ]);
  // The vendor that lost the race no longer sees it, the winner still does.
  expect((await (await caller(harness.api, vendor(mid))).call('GET', `/incidents/${incidentId}`)).status).toBe(404);
  expect((await winner.call('GET', `/incidents/${incidentId}`)).status).toBe(200);
});

it('assigns exactly one of 50 vendors accepting the same incident at once', async () => {
  process.env[ENV.incidentOfferBatchSize] = '50';
  const place = randomPlace();
  const tag = randomUUID().slice(0, 8);
  const ids = await Promise.all(Array.from({ length: 50 }, (_, index) => fleet.add(`v-${tag}-${index}`, east(place, 0.2 + index * 0.1))));
  const drv = await caller(harness.api, driver());
  const incidentId = await report(drv, place);
  const offer = await harness.offers.next(incidentId);
  expect(offer.vendorIds).toHaveLength(50);

  const vendors = await Promise.all(ids.map((id) => caller(harness.api, vendor(id))));
  const results = await Promise.all(vendors.map((v) => v.call('PUT', `/incidents/${incidentId}/accept`)));
  const statuses = results.map((result) => result.status);
  expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  expect(statuses.filter((status) => status === 409)).toHaveLength(49);
  const winner = ids[statuses.indexOf(200)];

  const stored = await drv.call('GET', `/incidents/${incidentId}`);
  expect(stored.body).toMatchObject({ status: 'assigned', vendorId: winner });
  expect(stored.body.history.filter((change: { status: string }) => change.status === 'assigned')).toHaveLength(1);
  await (await caller(harness.api, admin())).call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' });
});

it('refuses to assign a cancelled incident', async () => {
  const place = randomPlace();
  const only = await fleet.add(`v-${randomUUID().slice(0, 8)}`, east(place, 2));
  const drv = await caller(harness.api, driver());
  const incidentId = await report(drv, place);
  await harness.offers.next(incidentId);

  const cancelled = await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled', reason: 'Got it started myself' });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.status).toBe('cancelled');
  const accept = await (await caller(harness.api, vendor(only))).call('PUT', `/incidents/${incidentId}/accept`);
  expect(accept.status).toBe(409);
  expect(accept.body.error).toMatchObject({ code: 'INCIDENT_NOT_OPEN', details: { status: 'cancelled' } });
  expect((await drv.call('GET', `/incidents/${incidentId}`)).body.vendorId).toBeUndefined();
});

it('offers the next vendor when nobody answers, then searches a wider radius', async () => {
  // Rounds driven by the test (each offer closes when it says), offers open 30 s meanwhile.
  const matching = manualMatching(() => ({ ...matchingConfig(), offerBatchSize: 1, offerWindowSeconds: 30 }));
  const place = randomPlace();
  const tag = randomUUID().slice(0, 8);
  const first = await fleet.add(`v-${tag}-a`, east(place, 1));
  const wide = await fleet.add(`v-${tag}-b`, east(place, 15)); // beyond the 10 km radius, within 25 km
  const drv = await caller(harness.api, driver());
  const incidentId = await matching.open(drv.identity.userId, place);

  expect((await matching.round(incidentId))[1].matching?.offer?.vendorIds).toEqual([first]);
  const [, two] = await matching.round(incidentId);
  expect(two.matching?.offer?.vendorIds).toEqual([wide]);
  expect(two.matching?.radiusIndex).toBe(1);
  // The first vendor's window has closed: too late.
  const late = await (await caller(harness.api, vendor(first))).call('PUT', `/incidents/${incidentId}/accept`);
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('OFFER_EXPIRED');
  const taken = await (await caller(harness.api, vendor(wide))).call('PUT', `/incidents/${incidentId}/accept`);
  expect(taken.status).toBe(200);
  await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' });
});

it("keeps one driver's incidents from another, and pages a driver's own with signed cursors", async () => {
  const place = randomPlace();
  const owner = await caller(harness.api, driver());
  const stranger = await caller(harness.api, driver());
  const ids: string[] = [];
  for (let index = 0; index < 11; index++) ids.push(await report(owner, place));

  const id = ids[0] as string;
  const peek = await stranger.call('GET', `/incidents/${id}`);
  expect(peek.status).toBe(404);
  expect(JSON.stringify(peek.body)).not.toContain(owner.identity.userId);
  expect((await stranger.call('PUT', `/incidents/${id}/status`, { status: 'cancelled' })).status).toBe(404);
  expect((await stranger.call('GET', '/incidents')).body.items).toEqual([]);
  expect((await owner.call('GET', `/incidents/${id}`)).status).toBe(200);

  const first = await owner.call('GET', '/incidents?limit=10');
  expect(first.status).toBe(200);
  expect(first.body.items).toHaveLength(10);
  expect(first.body.nextCursor).toEqual(expect.any(String));
  expect(first.body.hasMore).toBe(true);
  const second = await owner.call('GET', `/incidents?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  expect(second.body.items).toHaveLength(1);
  expect(second.body.nextCursor).toBeNull();
  expect(second.body.hasMore).toBe(false);
  expect(new Set([...first.body.items, ...second.body.items].map((item: { incidentId: string }) => item.incidentId))).toEqual(new Set(ids));
  // Another driver's (or a tampered) cursor is refused.
  expect((await stranger.call('GET', `/incidents?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`)).status).toBe(400);

  for (const incidentId of ids) await owner.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' });
  const cancelled = await owner.call('GET', '/incidents?status=cancelled&limit=50');
  expect(cancelled.body.items).toHaveLength(11);
});

it('rejects malformed reports and non-drivers with 400 and 403', async () => {
  const drv = await caller(harness.api, driver());
  const bad = await drv.call('POST', '/incidents', { ...towing({ lat: 95, lon: 0 }), serviceType: 'teleport' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  const asVendor = await (await caller(harness.api, vendor('v-x'))).call('POST', '/incidents', towing(randomPlace()));
  expect(asVendor.status).toBe(403);
  expect((await drv.call('GET', '/incidents/not-a-uuid')).status).toBe(400);
});

it('escalates an incident nobody can take, and emails dispatch', async () => {
  process.env[ENV.incidentEscalationSeconds] = '2';
  const drv = await caller(harness.api, driver());
  const incidentId = await report(drv, randomPlace());
  const escalated = await eventually(async () => {
    const current = await drv.call('GET', `/incidents/${incidentId}`);
    return current.body.status === 'escalated' ? current.body : undefined;
  });
  expect(escalated.escalatedAt).toEqual(expect.any(String));
  expect(escalated.history.map((change: { status: string }) => change.status)).toEqual(['created', 'matching', 'escalated']);

  const mail = await eventually(async () => {
    const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
      emails: Array<{ subject: string; destination: { to: string[] } }>;
    };
    return store.emails.find((email) => email.subject.includes(incidentId));
  });
  expect(mail.destination.to).toEqual(['dispatch@roadcall.local']);
  // Escalated incidents are closed to accepts, open to cancellation.
  expect((await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' })).status).toBe(200);
});

it("GET /me: a driver's vehicles and active incident, a vendor's open offers; cached per user and dropped when their incidents change", async () => {
  const place = randomPlace();
  const tag = randomUUID().slice(0, 8);
  const near = await fleet.add(`v-${tag}-me`, east(place, 1));
  const drv = await caller(harness.api, driver());
  const vnd = await caller(harness.api, vendor(near));

  const empty = await drv.call('GET', '/me');
  expect(empty.status).toBe(200);
  expect(empty.body).toMatchObject({ roles: ['driver'], vehicles: [], activeIncident: null });
  // Cached per user: the same answer again (generatedAt unchanged), and another driver gets their own.
  expect((await drv.call('GET', '/me')).body.generatedAt).toBe(empty.body.generatedAt);
  const other = await (await caller(harness.api, driver())).call('GET', '/me');
  expect(other.body.userId).not.toBe(empty.body.userId);

  const incidentId = await report(drv, place);
  await harness.offers.next(incidentId);
  // Matching started (status matching) and offered: both summaries were dropped and read again.
  const active = await drv.call('GET', '/me');
  expect(active.body.activeIncident).toMatchObject({ incidentId, status: 'matching' });
  expect(active.body.vehicles).toEqual([towing(place).vehicle]);
  expect((await vnd.call('GET', '/me')).body).toMatchObject({ vendorId: near, openOffers: 1 });

  expect((await vnd.call('PUT', `/incidents/${incidentId}/accept`)).status).toBe(200);
  expect((await drv.call('GET', '/me')).body.activeIncident).toMatchObject({ incidentId, status: 'assigned', vendorId: near });
  expect((await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' })).status).toBe(200);
  expect((await drv.call('GET', '/me')).body.activeIncident).toBeNull();
  expect((await drv.call('GET', '/me')).body.vehicles).toEqual([towing(place).vehicle]);
});
