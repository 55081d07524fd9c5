import { randomUUID } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { type SpawnedRedis, spawnRedisServer } from '@roadcall/local';
import { closeCaches } from '@roadcall/utils/cache';
import { closeRedisClient } from '@roadcall/utils/redis';
import { caller, driver, east, eventually, type Harness, randomPlace, startHarness, towing, VendorFleet, vendor } from '../support/harness';

/**
 * Matching while Redis is lost (issue #22): a Redis server of this test's own, killed by its pid.
 * Incidents are matched from the vendors table (the vendors service's fallback), offers live in
 * the incidents table (the Redis offer board is only their mirror), and a vendor's accept assigns
 * the incident, during the outage and after Redis comes back empty.
 */
jest.setTimeout(60_000);

let redis: SpawnedRedis;
let harness: Harness;
const fleet = new VendorFleet();
const saved = { ...process.env };

beforeAll(async () => {
  redis = await spawnRedisServer();
  process.env[ENV.redisUrl] = redis.url;
  // A standalone server of its own, whatever the project's Redis (jest/clusterSuites.js leaves it out of the cluster's).
  process.env[ENV.redisCluster] = 'false';
  process.env[ENV.incidentOfferWindowSeconds] = '2';
  process.env[ENV.incidentOfferBatchSize] = '3';
  process.env[ENV.incidentMatchRadiiKm] = '10,25';
  harness = await startHarness({ poll: true });
});

afterAll(async () => {
  await fleet.clear().catch(() => undefined);
  await harness?.stop();
  await closeCaches();
  await closeRedisClient();
  await redis?.stop();
  for (const name of [
    ENV.redisUrl,
    ENV.redisCluster,
    ENV.incidentOfferWindowSeconds,
    ENV.incidentOfferBatchSize,
    ENV.incidentMatchRadiiKm,
  ]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** Reports an incident and has the nearest vendor accept it: polls the accept until the offer reaches it (bounded). */
async function reportAndAccept(): Promise<{ status: number; vendorId?: string; nearest: string }> {
  const place = randomPlace();
  const tag = randomUUID().slice(0, 8);
  const nearest = await fleet.add(`v-out-${tag}-a`, east(place, 1));
  await fleet.add(`v-out-${tag}-b`, east(place, 3));
  await fleet.add(`v-out-${tag}-c`, east(place, 5), { services: ['fuel'] });
  const drv = await caller(harness.api, driver());
  const created = await drv.call('POST', '/incidents', towing(place));
  expect(created.status).toBe(201);
  const incidentId = created.body.incidentId as string;
  const winner = await caller(harness.api, vendor(nearest));
  const accepted = await eventually(async () => {
    const answer = await winner.call('PUT', `/incidents/${incidentId}/accept`);
    expect(answer.status).toBeLessThan(500);
    return answer.status === 200 ? answer : undefined;
  });
  return { status: accepted.status, vendorId: accepted.body.vendorId, nearest };
}

it('assigns vendors while Redis is down (matched from the vendors table)', async () => {
  await redis.kill();
  const { status, vendorId, nearest } = await reportAndAccept();
  expect({ status, vendorId }).toEqual({ status: 200, vendorId: nearest });
});

it('assigns vendors after Redis comes back empty', async () => {
  await redis.restart();
  const { status, vendorId, nearest } = await reportAndAccept();
  expect({ status, vendorId }).toEqual({ status: 200, vendorId: nearest });
});
