import type { AuthContext } from '@roadcall/utils/auth';
import { getCache, userScopedKey } from '@roadcall/utils/cache';
import { logger } from '@roadcall/utils/logger';
import { TERMINAL_STATUSES } from './constants';
import type { IncidentStore } from './store';
import type { Incident, IncidentView, Vehicle } from './types';
import { toView } from './view';

/** Incidents `GET /me` looks back over for vehicles and the active incident. */
export const ME_RECENT_INCIDENTS = 20;

/** A caller's own summary. */
export interface MeView {
  readonly userId: string;
  readonly email?: string;
  readonly roles: ReadonlyArray<string>;
  readonly vendorId?: string;
  /** Drivers: the distinct vehicles of their recent incidents, newest first. */
  readonly vehicles: ReadonlyArray<Vehicle>;
  /** Drivers: their newest incident that is not over (created, matching, assigned, en route, arrived, escalated), else null. */
  readonly activeIncident: IncidentView | null;
  /** Vendors: incidents offered to them now. */
  readonly openOffers?: number;
  readonly generatedAt: string;
}

/** The tags a user's summary carries: what an incident write drops it by (no scans). */
export const meTag = (role: 'driver' | 'vendor', id: string): string => `${role}:${id}`;

const vehicleKey = (vehicle: Vehicle): string =>
  [vehicle.make, vehicle.model, vehicle.year ?? '', vehicle.plate ?? ''].join('|').toLowerCase();

/** Reads the summary from the incidents table (drivers: one byDriver query) and the offer board (vendors). */
export async function loadMe(
  auth: AuthContext,
  deps: { store: IncidentStore; openOffers: (auth: AuthContext) => Promise<unknown[]> },
  now: number,
): Promise<MeView> {
  const isVendor = auth.roles.includes('vendor') && auth.vendorId !== undefined;
  let recent: Incident[] = [];
  if (auth.roles.includes('driver')) {
    recent = [
      ...(await deps.store.query({ index: 'byDriver', key: { name: 'driverId', value: auth.userId }, limit: ME_RECENT_INCIDENTS })).items,
    ];
  }
  const vehicles = new Map<string, Vehicle>();
  for (const incident of recent)
    if (!vehicles.has(vehicleKey(incident.vehicle))) vehicles.set(vehicleKey(incident.vehicle), incident.vehicle);
  const active = recent.find((incident) => !TERMINAL_STATUSES.includes(incident.status));
  return {
    userId: auth.userId,
    ...(auth.email ? { email: auth.email } : {}),
    roles: auth.roles,
    ...(isVendor ? { vendorId: auth.vendorId, openOffers: (await deps.openOffers(auth)).length } : {}),
    vehicles: [...vehicles.values()],
    activeIncident: active ? toView(active) : null,
    generatedAt: new Date(now).toISOString(),
  };
}

/**
 * The caller's summary through the per-user `me` namespace (5 min), tagged by driver and vendor
 * so that {@link forgetMe} drops it when one of their incidents changes.
 */
export function cachedMe(auth: AuthContext, load: () => Promise<MeView>): Promise<MeView> {
  const tags = [meTag('driver', auth.userId), ...(auth.vendorId ? [meTag('vendor', auth.vendorId)] : [])];
  return getCache('me').getOrSet(userScopedKey(auth, 'summary'), load, { tags });
}

/**
 * Drops the summaries an incident change makes stale: its driver's, and those of the vendors it
 * touches (assigned, offered). Never fails the write that caused it: the TTL bounds what a lost
 * invalidation leaves behind.
 */
export async function forgetMe(incident: Pick<Incident, 'driverId' | 'vendorId'>, vendorIds: ReadonlyArray<string> = []): Promise<void> {
  const tags = [
    meTag('driver', incident.driverId),
    ...[incident.vendorId, ...vendorIds].filter((id): id is string => Boolean(id)).map((id) => meTag('vendor', id)),
  ];
  try {
    await Promise.all([...new Set(tags)].map((tag) => getCache('me').invalidateTag(tag)));
  } catch (error) {
    logger.warn('Could not drop the /me summaries; their TTL will', { error: error as Error });
  }
}
