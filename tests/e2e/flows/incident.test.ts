import {
  ApiClient,
  awaitOffer,
  type E2eStack,
  type ErrorBody,
  e2eStack,
  type Incident,
  incidentBody,
  newDriver,
  newVendor,
  north,
  remoteSpot,
  type TestUser,
  type TestVendor,
  tokenFor,
} from '../support';

/**
 * An incident to completion, black-box: a driver reports it next to a vendor this run created (the
 * only one for hundreds of km, so matching must offer it to that vendor), the vendor sees the
 * offer, accepts, reports its position and moves the incident through en_route, arrived and
 * completed; the driver sees every status.
 */
let stack: E2eStack;
let api: ApiClient;
let driver: TestUser;
let vendor: TestVendor;
let incidentId: string;

interface IncidentView extends Incident {
  readonly history?: Array<{ status: string }>;
  readonly matching?: { round: number; offeredCount: number };
}

beforeAll(async () => {
  stack = e2eStack();
  api = new ApiClient(stack);
  driver = await newDriver(stack, 'incident');
  vendor = await newVendor(api, stack, remoteSpot(), 'incident-flow');
});

async function driverSees(status: string): Promise<IncidentView> {
  const seen = await api.get<IncidentView>(`/incidents/${incidentId}`, { as: driver.as });
  expect(seen.status).toBe(200);
  expect(seen.body.status).toBe(status);
  return seen.body;
}

describe('an incident to completion', () => {
  it('rejects a malformed report (400) and a report without a token (401)', async () => {
    const bad = await api.post<ErrorBody>('/incidents', {
      as: driver.as,
      body: { ...incidentBody(vendor.location), serviceType: 'teleport' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const anonymous = await api.post<ErrorBody>('/incidents', { body: incidentBody(vendor.location) });
    expect(anonymous.status).toBe(401);
  });

  it('is reported (201), offered to the nearby vendor, and accepted by it; the first accept wins', async () => {
    const created = await api.post<IncidentView>('/incidents', { as: driver.as, body: incidentBody(north(vendor.location, 2)) });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('created');
    expect(created.body.driverId).toBe(driver.userId);
    incidentId = created.body.incidentId;
    expect(created.headers.get('location')).toBe(`/incidents/${incidentId}`);

    const offer = await awaitOffer(api, vendor, incidentId);
    expect(offer.status).toBe('matching');
    // Accept at once: an offer stays open INCIDENT_OFFER_WINDOW_SECONDS (20 s by default).
    const accepted = await api.put<IncidentView>(`/incidents/${incidentId}/accept`, { as: vendor.as });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'assigned', vendorId: vendor.vendorId });
    expect(accepted.body.matching?.offeredCount).toBeGreaterThanOrEqual(1);
    const again = await api.put<ErrorBody>(`/incidents/${incidentId}/accept`, { as: vendor.as });
    expect(again.status).toBe(409);
  });

  it('is seen by its driver and its vendor, and by nobody else (404: ids do not leak)', async () => {
    await driverSees('assigned');
    const seenByVendor = await api.get<IncidentView>(`/incidents/${incidentId}`, { as: vendor.as });
    expect(seenByVendor.status).toBe(200);
    expect(seenByVendor.body.vendorId).toBe(vendor.vendorId);

    const outsider = await tokenFor(stack, {
      userId: 'e2e-outsider-vendor',
      email: 'outsider@e2e.roadcall.test',
      roles: ['vendor'],
      vendorId: 'vendor-e2e-never-offered',
    });
    const notOffered = await api.put<ErrorBody>(`/incidents/${incidentId}/accept`, { as: { token: outsider } });
    expect(notOffered.status).toBe(404);
    const stranger = await newDriver(stack, 'stranger');
    const hidden = await api.get<ErrorBody>(`/incidents/${incidentId}`, { as: stranger.as });
    expect(hidden.status).toBe(404);
  });

  it('moves en_route -> arrived -> completed (skipping a step is a 409), the driver sees each status and the position', async () => {
    const skip = await api.put<ErrorBody>(`/incidents/${incidentId}/status`, { as: vendor.as, body: { status: 'arrived' } });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('ILLEGAL_TRANSITION');
    const driverCompletes = await api.put<ErrorBody>(`/incidents/${incidentId}/status`, { as: driver.as, body: { status: 'completed' } });
    expect(driverCompletes.status).toBe(403); // only the assigned vendor moves it forward

    const enRoute = await api.put<IncidentView>(`/incidents/${incidentId}/status`, { as: vendor.as, body: { status: 'en_route' } });
    expect(enRoute.status).toBe(200);
    expect(enRoute.body.status).toBe('en_route');
    await driverSees('en_route');

    // The vendor reports its position 1 km south of the incident; the driver sees distance and ETA.
    const position = north(vendor.location, 1);
    const reported = await api.put<unknown>(`/tracking/${incidentId}/location`, { as: vendor.as, body: { ...position, speedKmh: 30 } });
    expect(reported.status).toBe(200);
    const tracking = await api.get<{ distanceKm: number; etaMinutes: number }>(`/tracking/${incidentId}`, { as: driver.as });
    expect(tracking.status).toBe(200);
    expect(tracking.body.distanceKm).toBeCloseTo(1, 1);
    expect(tracking.body.etaMinutes).toBeGreaterThan(0);

    for (const status of ['arrived', 'completed']) {
      const moved = await api.put<IncidentView>(`/incidents/${incidentId}/status`, { as: vendor.as, body: { status } });
      expect(`${moved.status} ${moved.body.status}`).toBe(`200 ${status}`);
      await driverSees(status);
    }
    const done = await driverSees('completed');
    expect(done.history?.map((step) => step.status)).toEqual(['created', 'matching', 'assigned', 'en_route', 'arrived', 'completed']);

    const cancelLate = await api.put<ErrorBody>(`/incidents/${incidentId}/status`, { as: driver.as, body: { status: 'cancelled' } });
    expect(cancelLate.status).toBe(409);
  });

  it("is in the driver's list of completed incidents", async () => {
    const list = await api.get<{ items: IncidentView[] }>('/incidents', { as: driver.as, query: { status: 'completed', limit: 10 } });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.incidentId)).toEqual([incidentId]);
  });
});
