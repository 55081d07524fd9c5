import { randomUUID } from 'node:crypto';
import type { ApiClient, Caller } from './client';
import { show } from './client';
import { waitFor } from './poll';
import { tokenFor } from './tokens';
import type { E2eStack } from './types';

/** A point on the map. */
export interface Spot {
  readonly lat: number;
  readonly lon: number;
}

/**
 * A random point in the open South Pacific, where the seed puts no vendors (it seeds around real
 * metro areas): a vendor created there is the only one matching finds, and two flows running at
 * once land hundreds of kilometres apart (and would still pass if they did not).
 */
export function remoteSpot(): Spot {
  const round = (value: number): number => Math.round(value * 10_000) / 10_000;
  return { lat: round(-45 + Math.random() * 20), lon: round(-150 + Math.random() * 40) };
}

/** A point `km` kilometres north of `spot`. */
export function north(spot: Spot, km: number): Spot {
  return { lat: Math.round((spot.lat + km / 111.2) * 1_000_000) / 1_000_000, lon: spot.lon };
}

/** A user of this run: its own id and email (so its incidents, payments, jobs and mail are its own). */
export interface TestUser {
  readonly userId: string;
  readonly email: string;
  readonly as: Caller;
}

export async function newDriver(stack: E2eStack, label: string): Promise<TestUser> {
  const userId = `e2e-${label}-${randomUUID()}`;
  const email = `${userId}@e2e.roadcall.test`;
  return { userId, email, as: { token: await tokenFor(stack, { userId, email, roles: ['driver'] }) } };
}

/** A vendor this run created (through the admin route) and a token that acts as it. */
export interface TestVendor extends TestUser {
  readonly vendorId: string;
  readonly location: Spot;
}

export interface Vendor {
  readonly vendorId: string;
  readonly name: string;
  readonly services: string[];
  readonly location: Spot;
  readonly available: boolean;
  readonly rating?: number;
}

/** Creates an available vendor offering every service at `location` and mints its token. */
export async function newVendor(api: ApiClient, stack: E2eStack, location: Spot, label: string): Promise<TestVendor> {
  const created = await api.post<Vendor>('/vendors', {
    as: 'admin',
    body: {
      name: `E2E ${label}`,
      services: ['towing', 'jumpstart', 'tire', 'lockout', 'fuel', 'winch'],
      location,
      available: true,
      rating: 4.5,
    },
  });
  if (created.status !== 201) throw new Error(`POST /vendors: ${show(created)}`);
  const { vendorId } = created.body;
  if (created.headers.get('location') !== `/vendors/${vendorId}`)
    throw new Error(`POST /vendors: Location ${created.headers.get('location')}`);
  const userId = `e2e-vendor-${randomUUID()}`;
  const email = `${userId}@e2e.roadcall.test`;
  const token = await tokenFor(stack, { userId, email, roles: ['vendor'], vendorId });
  return { userId, email, as: { token }, vendorId, location };
}

export interface Incident {
  readonly incidentId: string;
  readonly status: string;
  readonly driverId?: string;
  readonly vendorId?: string;
  readonly serviceType: string;
  readonly location: Spot;
}

/** The body of a towing request at `location`. */
export function incidentBody(location: Spot): Record<string, unknown> {
  return {
    location,
    serviceType: 'towing',
    vehicle: { make: 'Toyota', model: 'Prius', year: 2017, plate: 'E2E123' },
    description: 'e2e: dead battery',
  };
}

/** Waits (bounded) until the vendor's open offers list this incident. */
export async function awaitOffer(api: ApiClient, vendor: TestVendor, incidentId: string): Promise<Incident> {
  let last = '';
  return waitFor(
    async () => {
      const offers = await api.get<{ items: Incident[] }>('/incidents/offers', { as: vendor.as });
      last = show(offers);
      return offers.status === 200 ? offers.body.items.find((item) => item.incidentId === incidentId) : undefined;
    },
    { what: `an offer of incident ${incidentId} to ${vendor.vendorId}` },
    () => last,
  );
}

/**
 * Drives one incident from report to `completed` over HTTP (report, offer, accept, en_route,
 * arrived, completed) and returns it: the setup of the flows that start after a completion.
 */
export async function completedIncident(api: ApiClient, driver: TestUser, vendor: TestVendor): Promise<Incident> {
  const created = await api.post<Incident>('/incidents', { as: driver.as, body: incidentBody(north(vendor.location, 1)) });
  if (created.status !== 201) throw new Error(`POST /incidents: ${show(created)}`);
  const { incidentId } = created.body;
  await awaitOffer(api, vendor, incidentId);
  const accepted = await api.put<Incident>(`/incidents/${incidentId}/accept`, { as: vendor.as });
  if (accepted.status !== 200) throw new Error(`accept: ${show(accepted)}`);
  let incident = accepted.body;
  for (const status of ['en_route', 'arrived', 'completed']) {
    const moved = await api.put<Incident>(`/incidents/${incidentId}/status`, { as: vendor.as, body: { status } });
    if (moved.status !== 200) throw new Error(`status ${status}: ${show(moved)}`);
    incident = moved.body;
  }
  return incident;
}
