import { randomUUID } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { dynamoClient, dynamoDocumentClient, sqsClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import { closeRedisClient } from '@roadcall/utils/redis';
import { vendorCapacityStore } from '@roadcall/vendors-svc';
import { matchingConfig } from '../../src/config';
import {
  admin,
  type Caller,
  caller,
  driver,
  east,
  type Harness,
  manualMatching,
  randomPlace,
  startHarness,
  towing,
  VendorFleet,
  vendor,
} from '../support/harness';

/**
 * Vendor capacity on the real engines: the vendors service's conditional counter (dynalite),
 * reached from the real incidents handlers through the `vendors.capacity` function (in-process
 * as Lambda Invoke would run it), matching through the real SQS queue and poller.
 */
jest.setTimeout(60_000);

let harness: Harness;
const fleet = new VendorFleet();

beforeAll(async () => {
  // Offers stay open for the whole test: every accept below races inside its window.
  process.env[ENV.incidentOfferWindowSeconds] = '30';
  process.env[ENV.incidentOfferBatchSize] = '3';
  process.env[ENV.incidentMatchRadiiKm] = '10,25';
  harness = await startHarness({ poll: true });
});

afterEach(async () => {
  await fleet.clear();
});

afterAll(async () => {
  await harness.stop();
  await closeCaches();
  await closeRedisClient();
  dynamoDocumentClient().destroy();
  dynamoClient().destroy();
  sqsClient().destroy();
});

async function report(driverCaller: Caller, at: { lat: number; lon: number }): Promise<string> {
  const created = await driverCaller.call('POST', '/incidents', towing(at));
  expect(created.status).toBe(201);
  return created.body.incidentId as string;
}

const holders = async (vendorId: string): Promise<ReadonlyArray<string>> =>
  (await vendorCapacityStore().loads([vendorId]))[0]?.holders ?? [];

it('of 12 concurrent accepts by one vendor (capacity 1) for 12 offered incidents, exactly one wins', async () => {
  const place = randomPlace();
  const only = await fleet.add(`v-cap-${randomUUID().slice(0, 8)}`, east(place, 1));
  const drv = await caller(harness.api, driver());
  const incidents = await Promise.all(Array.from({ length: 12 }, () => report(drv, place)));
  // Free, the vendor is offered every one of them.
  for (const incidentId of incidents) expect((await harness.offers.next(incidentId)).vendorIds).toEqual([only]);

  const truck = await caller(harness.api, vendor(only));
  const answers = await Promise.all(incidents.map((incidentId) => truck.call('PUT', `/incidents/${incidentId}/accept`)));
  const won = answers.flatMap((answer, index) => (answer.status === 200 ? [incidents[index] as string] : []));
  expect(won).toHaveLength(1);
  for (const answer of answers.filter((a) => a.status !== 200)) {
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('VENDOR_AT_CAPACITY');
  }
  expect(await holders(only)).toEqual(won);
  // The incidents agree: one assigned to the vendor, the others still matching.
  const states = await Promise.all(incidents.map(async (id) => (await drv.call('GET', `/incidents/${id}`)).body));
  expect(states.filter((state) => state.status === 'assigned' && state.vendorId === only)).toHaveLength(1);
  expect(states.filter((state) => state.status === 'matching')).toHaveLength(11);
  for (const id of incidents) await drv.call('PUT', `/incidents/${id}/status`, { status: 'cancelled' });
  expect(await holders(only)).toEqual([]);
});

it('a busy vendor is not offered another incident; completion and cancel make it available again', async () => {
  const place = randomPlace();
  const tag = randomUUID().slice(0, 8);
  const near = await fleet.add(`v-${tag}-near`, east(place, 1));
  const far = await fleet.add(`v-${tag}-far`, east(place, 5));
  process.env[ENV.incidentOfferBatchSize] = '1';
  try {
    const drv = await caller(harness.api, driver());
    const truck = await caller(harness.api, vendor(near));

    const first = await report(drv, place);
    expect((await harness.offers.next(first)).vendorIds).toEqual([near]);
    expect((await truck.call('PUT', `/incidents/${first}/accept`)).status).toBe(200);

    // The nearer vendor is busy: the next incident goes to the farther one.
    const second = await report(drv, place);
    expect((await harness.offers.next(second)).vendorIds).toEqual([far]);

    for (const status of ['en_route', 'arrived', 'completed']) {
      expect((await truck.call('PUT', `/incidents/${first}/status`, { status })).status).toBe(200);
    }
    expect(await holders(near)).toEqual([]);
    const third = await report(drv, place);
    expect((await harness.offers.next(third)).vendorIds).toEqual([near]);
    expect((await truck.call('PUT', `/incidents/${third}/accept`)).status).toBe(200);
    expect(await holders(near)).toEqual([third]);

    // The driver cancels: the vendor is free again.
    expect((await drv.call('PUT', `/incidents/${third}/status`, { status: 'cancelled' })).status).toBe(200);
    expect(await holders(near)).toEqual([]);
    await drv.call('PUT', `/incidents/${second}/status`, { status: 'cancelled' });
  } finally {
    process.env[ENV.incidentOfferBatchSize] = '3';
  }
});

it("heals a lost release: a claim whose incident is gone or over is released at the vendor's next match", async () => {
  const place = randomPlace();
  const only = await fleet.add(`v-heal-${randomUUID().slice(0, 8)}`, east(place, 1));
  // A claim nobody will release (the incident never existed: a crash between claim and accept).
  const lost = `lost-${randomUUID()}`;
  await vendorCapacityStore().claim(only, lost);
  expect(await holders(only)).toEqual([lost]);

  const drv = await caller(harness.api, driver());
  const incidentId = await report(drv, place);
  expect((await harness.offers.next(incidentId)).vendorIds).toEqual([only]);
  expect(await holders(only)).toEqual([]);
  expect((await (await caller(harness.api, vendor(only))).call('PUT', `/incidents/${incidentId}/accept`)).status).toBe(200);

  // An incident cancelled by an admin-side write that lost its release: healed at the vendor's next claim too.
  const holder = incidentId;
  const { IncidentStore } = await import('../../src/store');
  const at = new Date().toISOString();
  await new IncidentStore().update(holder, {
    set: { updatedAt: at },
    extraSet: ['#status = :cancelled'],
    fromStatuses: ['assigned'],
    values: { ':cancelled': 'cancelled' },
    change: { status: 'cancelled', at },
  });
  expect(await holders(only)).toEqual([holder]);
  const next = await report(drv, place);
  expect((await harness.offers.next(next)).vendorIds).toEqual([only]);
  expect((await (await caller(harness.api, vendor(only))).call('PUT', `/incidents/${next}/accept`)).status).toBe(200);
  expect(await holders(only)).toEqual([next]);
  await drv.call('PUT', `/incidents/${next}/status`, { status: 'cancelled' });
});

it('a vendor disabled after its offer cannot accept it (409 VENDOR_UNAVAILABLE)', async () => {
  const place = randomPlace();
  const only = await fleet.add(`v-off-${randomUUID().slice(0, 8)}`, east(place, 1));
  const drv = await caller(harness.api, driver());
  const incidentId = await report(drv, place);
  expect((await harness.offers.next(incidentId)).vendorIds).toEqual([only]);
  const boss = await caller(harness.api, admin());
  expect((await boss.call('PUT', `/vendors/${only}/availability`, { available: false })).status).toBe(200);
  const answer = await (await caller(harness.api, vendor(only))).call('PUT', `/incidents/${incidentId}/accept`);
  expect(answer.status).toBe(409);
  expect(answer.body.error.code).toBe('VENDOR_UNAVAILABLE');
  expect(await holders(only)).toEqual([]);
  await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' });
});

it('offers an incident again to a vendor busy when first offered it, once it is free (the rounds driven by the test)', async () => {
  const matching = manualMatching();
  const place = randomPlace();
  const only = await fleet.add(`v-again-${randomUUID().slice(0, 8)}`, east(place, 1));
  const drv = await caller(harness.api, driver());
  const truck = await caller(harness.api, vendor(only));

  // Both incidents are offered to the free vendor; it takes the other one.
  const waiting = await matching.open(drv.identity.userId, place);
  const other = await matching.open(drv.identity.userId, place);
  expect((await matching.round(waiting))[1].matching?.offer?.vendorIds).toEqual([only]);
  expect((await matching.round(other))[1].matching?.offer?.vendorIds).toEqual([only]);
  expect((await truck.call('PUT', `/incidents/${other}/accept`)).status).toBe(200);

  // Busy: nobody to offer the first one to.
  const [busy, afterBusy] = await matching.round(waiting);
  expect(busy).toBe('waiting');
  expect(afterBusy.matching?.offer).toBeUndefined();
  expect((await matching.round(waiting))[0]).toBe('waiting');

  // Its job completed, the vendor is offered the incident again, and takes it.
  for (const status of ['en_route', 'arrived', 'completed']) {
    expect((await truck.call('PUT', `/incidents/${other}/status`, { status })).status).toBe(200);
  }
  const [again, reoffered] = await matching.round(waiting);
  expect(again).toBe('offered');
  expect(reoffered.matching?.offer?.vendorIds).toEqual([only]);
  expect(reoffered.offeredVendorIds).toEqual([only]);
  expect((await truck.call('PUT', `/incidents/${waiting}/accept`)).status).toBe(200);
  expect(await holders(only)).toEqual([waiting]);
  expect((await drv.call('PUT', `/incidents/${waiting}/status`, { status: 'cancelled' })).status).toBe(200);
});

it('offers every vendor in reach before any again, and never to the vendors whose offer just closed', async () => {
  const matching = manualMatching(() => ({ ...matchingConfig(), offerBatchSize: 1 }));
  const place = randomPlace();
  const tag = randomUUID().slice(0, 8);
  const near = await fleet.add(`v-${tag}-near`, east(place, 1));
  const far = await fleet.add(`v-${tag}-far`, east(place, 3));
  const drv = await caller(harness.api, driver());
  const incidentId = await matching.open(drv.identity.userId, place);

  // Nobody answers: the nearer, then the farther (never offered before the nearer is asked again),
  // then the nearer again, and so on.
  const offers: string[][] = [];
  for (let index = 0; index < 4; index++) {
    const [outcome, incident] = await matching.round(incidentId);
    expect(outcome).toBe('offered');
    offers.push([...(incident.matching?.offer?.vendorIds ?? [])]);
  }
  expect(offers).toEqual([[near], [far], [near], [far]]);
  // A vendor that was offered it twice is recorded once.
  expect((await drv.call('GET', `/incidents/${incidentId}`)).body.matching.offeredCount).toBe(2);

  // The farther one's offer just closed; with the nearer one busy, nobody is offered it this round.
  const other = await matching.open(drv.identity.userId, place);
  expect((await matching.round(other))[1].matching?.offer?.vendorIds).toEqual([near]);
  expect((await (await caller(harness.api, vendor(near))).call('PUT', `/incidents/${other}/accept`)).status).toBe(200);
  const [outcome, incident] = await matching.round(incidentId);
  expect(outcome).toBe('waiting');
  expect(incident.matching?.offer).toBeUndefined();
  expect((await drv.call('PUT', `/incidents/${other}/status`, { status: 'cancelled' })).status).toBe(200);
  expect((await drv.call('PUT', `/incidents/${incidentId}/status`, { status: 'cancelled' })).status).toBe(200);
});
