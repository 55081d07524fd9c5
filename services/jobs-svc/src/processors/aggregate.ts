import type { Incident } from '../ports';

/** Running aggregates over incidents: counts by status, by service type and by day, revenue summed. */
export interface IncidentAggregates {
  total: number;
  byStatus: Record<string, number>;
  byType: Record<string, number>;
  byDay: Record<string, number>;
  /** Captured payments of the counted incidents, in cents (from the payments service). */
  amountTotal: number;
}

export function emptyAggregates(): IncidentAggregates {
  return { total: 0, byStatus: {}, byType: {}, byDay: {}, amountTotal: 0 };
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Counts one incident (typed as the incidents service stores it) and its captured payments. */
export function addIncident(
  into: IncidentAggregates,
  incident: Pick<Incident, 'status' | 'serviceType' | 'createdAt'>,
  capturedCents = 0,
): void {
  into.total++;
  bump(into.byStatus, incident.status);
  bump(into.byType, incident.serviceType);
  bump(into.byDay, incident.createdAt.slice(0, 10));
  into.amountTotal += capturedCents;
}
