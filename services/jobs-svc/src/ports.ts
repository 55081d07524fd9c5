/**
 * What the jobs service needs from other services, through their owners' public faces. Jobs
 * never read the payments table: the payments service totals captured payments per incident.
 * Incidents are read as the incidents service types them (its `Incident`), not guessed.
 */
import type { Incident } from '@roadcall/incidents-svc';
import { capturedPaymentTotals } from '@roadcall/payments-svc';

export type { Incident };

/** Captured payment totals (cents) per incident, as the payments service reports them. */
export type CapturedTotalsReader = (incidentIds: ReadonlyArray<string>) => Promise<ReadonlyMap<string, number>>;

/**
 * The payments service's totals on the container's pool.
 *
 * @example
 * const totals = await paymentTotals(['inc-1']); // Map { 'inc-1' => 4500 } when captured
 */
export const paymentTotals: CapturedTotalsReader = (incidentIds) => capturedPaymentTotals(incidentIds);
