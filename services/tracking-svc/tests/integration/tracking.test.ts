import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ENV } from '@roadcall/contracts';
import { type Incident, IncidentStore, incidentKeys } from '@roadcall/incidents-svc';
import { dynamoClient, dynamoDocumentClient, sqsClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import { closeRedisClient, redisClient } from '@roadcall/utils/redis';
import {
  admin,
  caller,
  driver,
  east,
  type Harness,
  randomPlace,
  startHarness,
  VendorFleet,
  vendor,
} from '../../../incidents-svc/tests/support/harness';
import { handler as flushHistory } from '../../src/handlers/flushHistory';
import { trackingKeys } from '../../src/keys';
import { historyWriter } from '../../src/runtime';

/**
 * Tracking on the local engines, through the API adapter and the real handlers. Incidents are put
 * in `matching` with an open offer directly in the table, then accepted over HTTP (the real path
 * that mirrors the assignment into Redis); no matching poller is needed here.
 */
jest.setTimeout(30_000);

let harness: Harness;
const store = new IncidentStore();
// Accepting claims a unit of the vendor's capacity from the vendors service: the vendor must exist.
// Built once the harness has set the Redis URL (its geo index connects on construction).
let fleet: VendorFleet;

beforeAll(async () => {
  harness = await startHarness({ poll: false });
  fleet = new VendorFleet();
});

afterAll(async () => {
  // A test here closes the shared Redis client; the cleanup takes the current one.
  const cleanup = new VendorFleet();
  cleanup.ids.push(...fleet.ids);
  await cleanup.clear();
  // The vendors service's caches (creating the fleet used them) hold Redis connections of their own.
  await closeCaches();
  await harness.stop();
  await closeRedisClient();
  dynamoDocumentClient().destroy();
  dynamoClient().destroy();
  sqsClient().destroy();
});

afterEach(() => {
  delete process.env[ENV.trackingRateLimitPerMinute];
});

/** An incident offered to one vendor, accepted by it over HTTP. */
async function assigned() {
  const place = randomPlace();
  const vendorId = await fleet.add(`v-${randomUUID().slice(0, 8)}`, east(place, 1));
  const drv = await caller(harness.api, driver());
  const now = Date.now();
  const incident: Incident = {
    incidentId: randomUUID(),
    driverId: drv.identity.userId,
    status: 'matching',
    serviceType: 'towing',
    location: place,
    vehicle: { make: 'Skoda', model: 'Octavia' },
    createdAt: new Date(now).toISOString(),
    updatedAt: new Date(now).toISOString(),
    matching: { round: 1, radiusIndex: 0, deadline: now + 60_000, offer: { vendorIds: [vendorId], expiresAt: now + 60_000 } },
    offeredVendorIds: [vendorId],
    history: [{ status: 'created', at: new Date(now).toISOString() }],
  };
  await store.create(incident);
  const ven = await caller(harness.api, vendor(vendorId));
  expect((await ven.call('PUT', `/incidents/${incident.incidentId}/accept`)).status).toBe(200);
  return { incidentId: incident.incidentId, place, drv, ven };
}

async function historyOf(incidentId: string): Promise<Array<Record<string, number | string>>> {
  const output = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: tableName('trackingHistory'),
      KeyConditionExpression: 'incidentId = :id',
      ExpressionAttributeValues: { ':id': incidentId },
      ConsistentRead: true,
    }),
  );
  return (output.Items ?? []) as Array<Record<string, number | string>>;
}

it("stores the assigned vendor's position and gives the driver distance and ETA", async () => {
  const { incidentId, place, drv, ven } = await assigned();
  const at = east(place, 6);
  const put = await ven.call('PUT', `/tracking/${incidentId}/location`, { ...at, heading: 270, speedKmh: 36 });
  expect(put.status).toBe(200);

  const view = await drv.call('GET', `/tracking/${incidentId}`);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ incidentId, status: 'assigned', position: { lat: at.lat, lon: at.lon, speedKmh: 36 } });
  expect(view.body.distanceKm).toBeCloseTo(6, 1);
  // ~6 km x 1.3 road factor at the reported 36 km/h: 13 minutes, rounded up.
  expect(view.body.etaMinutes).toBeGreaterThanOrEqual(13);
  expect(view.body.etaMinutes).toBeLessThanOrEqual(14);
  expect((await (await caller(harness.api, admin())).call('GET', `/tracking/${incidentId}`)).status).toBe(200);
});

it('lets only the assigned vendor report, and only the driver (or admin) read', async () => {
  const { incidentId, place } = await assigned();
  const intruder = await caller(harness.api, vendor(`v-${randomUUID().slice(0, 8)}`));
  const put = await intruder.call('PUT', `/tracking/${incidentId}/location`, place);
  expect(put.status).toBe(403);
  const asDriver = await (await caller(harness.api, driver())).call('PUT', `/tracking/${incidentId}/location`, place);
  expect(asDriver.status).toBe(403);
  expect((await (await caller(harness.api, driver())).call('GET', `/tracking/${incidentId}`)).status).toBe(404);
  expect((await intruder.call('GET', `/tracking/${incidentId}`)).status).toBe(404);
  expect((await intruder.call('PUT', `/tracking/${randomUUID()}/location`, place)).status).toBe(404);
  expect((await intruder.call('PUT', `/tracking/${incidentId}/location`, { lat: 91, lon: 0 })).status).toBe(400);
});

it('writes history to DynamoDB in batches of 25 (off the response path), with a TTL, and the schedule writes the rest', async () => {
  const { incidentId, place, ven } = await assigned();
  for (let index = 0; index < 30; index++) {
    const put = await ven.call('PUT', `/tracking/${incidentId}/location`, east(place, 10 - index * 0.1));
    expect(put.status).toBe(200);
  }
  // The 25th point started a batch beside its response: wait for it, not for a clock.
  await historyWriter().idle();
  const batched = await historyOf(incidentId);
  expect(batched).toHaveLength(25);
  expect(await redisClient().llen(trackingKeys.buffer(incidentId))).toBe(5);
  const ttl = Number(batched[0]?.expiresAt) - Date.now() / 1000;
  expect(ttl).toBeGreaterThan(7 * 86_400 - 120);
  expect(ttl).toBeLessThan(7 * 86_400 + 120);

  await flushHistory();
  const all = await historyOf(incidentId);
  expect(all).toHaveLength(30);
  expect(new Set(all.map((item) => item.ts)).size).toBe(30);
  expect(await redisClient().exists(trackingKeys.buffer(incidentId))).toBe(0);
});

it('rate-limits each vendor with 429 and Retry-After', async () => {
  process.env[ENV.trackingRateLimitPerMinute] = '5';
  const { incidentId, place, ven } = await assigned();
  for (let index = 0; index < 5; index++) expect((await ven.call('PUT', `/tracking/${incidentId}/location`, place)).status).toBe(200);
  const limited = await ven.call('PUT', `/tracking/${incidentId}/location`, place);
  expect(limited.status).toBe(429);
  expect(limited.body.error.code).toBe('RATE_LIMITED');
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
});

it('asks the incidents service, which answers from its table when the Redis mirror is gone, and closes tracking at completion', async () => {
  const { incidentId, place, drv, ven } = await assigned();
  await redisClient().del(incidentKeys.assignment(incidentId));
  expect((await ven.call('PUT', `/tracking/${incidentId}/location`, east(place, 1))).status).toBe(200);
  // Tracking asked the incidents service, which answered from its table; tracking wrote nothing of incidents' keys.
  expect(await redisClient().exists(incidentKeys.assignment(incidentId))).toBe(0);

  for (const status of ['en_route', 'arrived', 'completed']) {
    expect((await ven.call('PUT', `/incidents/${incidentId}/status`, { status })).status).toBe(200);
  }
  const after = await ven.call('PUT', `/tracking/${incidentId}/location`, place);
  expect(after.status).toBe(404);
  const view = await drv.call('GET', `/tracking/${incidentId}`);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ status: 'completed', position: { lat: place.lat } });
  await flushHistory();
});
