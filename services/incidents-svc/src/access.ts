import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import type { Incident } from './types';

/** The driver who reported the incident. */
export const isOwner = (auth: AuthContext, incident: Incident): boolean => incident.driverId === auth.userId;

/** The vendor the incident is assigned to. */
export const isAssignedVendor = (auth: AuthContext, incident: Incident): boolean =>
  Boolean(auth.vendorId && incident.vendorId === auth.vendorId && hasRole(auth, 'vendor'));

/** A vendor with an open offer for it (it must see the incident to decide). */
export const hasOpenOffer = (auth: AuthContext, incident: Incident, now = Date.now()): boolean => {
  const offer = incident.matching?.offer;
  return Boolean(
    auth.vendorId &&
      hasRole(auth, 'vendor') &&
      incident.status === 'matching' &&
      offer &&
      offer.expiresAt > now &&
      offer.vendorIds.includes(auth.vendorId),
  );
};

/** Who may read an incident: its driver, its assigned vendor, a vendor it is offered to, an admin. */
export function canRead(auth: AuthContext, incident: Incident): boolean {
  return hasRole(auth, 'admin') || isOwner(auth, incident) || isAssignedVendor(auth, incident) || hasOpenOffer(auth, incident);
}
