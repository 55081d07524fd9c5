/** Running aggregates over incidents: counts by status, by type and by day, amounts summed. */
export interface IncidentAggregates {
  total: number;
  byStatus: Record<string, number>;
  byType: Record<string, number>;
  byDay: Record<string, number>;
  /** Sum of a numeric `amount`/`estimatedCost`/`cost` attribute where incidents carry one. */
  amountTotal: number;
}

export function emptyAggregates(): IncidentAggregates {
  return { total: 0, byStatus: {}, byType: {}, byDay: {}, amountTotal: 0 };
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function addIncident(into: IncidentAggregates, item: Record<string, unknown>): void {
  into.total++;
  bump(into.byStatus, String(item.status ?? 'unknown'));
  bump(into.byType, String(item.type ?? item.serviceType ?? item.incidentType ?? 'unknown'));
  const created = typeof item.createdAt === 'string' ? item.createdAt.slice(0, 10) : 'unknown';
  bump(into.byDay, created);
  const amount = [item.amount, item.estimatedCost, item.cost].find((value) => typeof value === 'number');
  if (typeof amount === 'number') into.amountTotal += amount;
}
