import { getPool, type Queryable } from '@roadcall/utils/db';
import { PaymentStore } from './store';

/** At most this many incident ids per statement: one report page, bounded parameter size. */
export const MAX_TOTALS_BATCH = 1_000;

/**
 * Captured payment amounts in cents per incident, read by the payments service (the owner of the
 * payments table) for other services: the jobs report sums revenue through this, never the table.
 * Refunded payments do not count; incidents without a captured payment are absent from the map.
 *
 * @example
 * const totals = await capturedPaymentTotals(['inc-1', 'inc-2']);
 * const revenue = [...totals.values()].reduce((sum, cents) => sum + cents, 0);
 */
export async function capturedPaymentTotals(
  incidentIds: ReadonlyArray<string>,
  db: Queryable = getPool(),
): Promise<ReadonlyMap<string, number>> {
  const store = new PaymentStore(db);
  const totals = new Map<string, number>();
  const unique = [...new Set(incidentIds)];
  for (let start = 0; start < unique.length; start += MAX_TOTALS_BATCH) {
    for (const [incidentId, cents] of await store.capturedTotalsByIncident(unique.slice(start, start + MAX_TOTALS_BATCH)))
      totals.set(incidentId, cents);
  }
  return totals;
}
