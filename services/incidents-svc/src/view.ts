import type { Incident, IncidentView } from './types';

/** The API's view of an incident: internals (offered vendor ids, driver email) stay inside. */
export function toView(incident: Incident): IncidentView {
  const matching = incident.matching;
  return {
    incidentId: incident.incidentId,
    status: incident.status,
    driverId: incident.driverId,
    vendorId: incident.vendorId,
    serviceType: incident.serviceType,
    location: incident.location,
    vehicle: incident.vehicle,
    description: incident.description,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
    assignedAt: incident.assignedAt,
    escalatedAt: incident.escalatedAt,
    matching: matching
      ? {
          round: matching.round,
          offeredCount: incident.offeredVendorIds?.length ?? 0,
          deadline: new Date(matching.deadline).toISOString(),
          offerExpiresAt: matching.offer ? new Date(matching.offer.expiresAt).toISOString() : undefined,
        }
      : undefined,
    history: incident.history,
  };
}
