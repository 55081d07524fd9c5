/**
 * Part of the incidents service's public face: what other services may know of an incident
 * (ownership: only incidents writes the incidents table; others call this). Re-exported by
 * src/index.ts and importable alone as `@roadcall/incidents-svc/facts`, which pulls in the table
 * store only (no matching engine, no Redis, no SQS) for a small bundle.
 */
import type { IncidentStatus } from './constants';
import { IncidentStore } from './store';

/** What another service may know of an incident: who reported it, who serves it, where it stands. */
export interface IncidentFacts {
  readonly incidentId: string;
  readonly driverId: string;
  /** The vendor it is (or was) assigned to; absent until a vendor accepts. */
  readonly vendorId?: string;
  readonly status: IncidentStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Reads an incident's facts; `undefined` when there is no such incident. */
export type IncidentFactsReader = (incidentId: string) => Promise<IncidentFacts | undefined>;

let store: IncidentStore | undefined;

/**
 * An incident's facts, read consistently from the incidents table (a payment must not act on a
 * stale status). Authorization is the caller's: it receives the driver and vendor to check.
 *
 * @example
 * import { readIncidentFacts } from '@roadcall/incidents-svc/facts';
 * const facts = await readIncidentFacts(incidentId);
 * if (!facts || facts.driverId !== auth.userId) throw new NotFoundError(`No incident ${incidentId}`);
 */
export const readIncidentFacts: IncidentFactsReader = async (incidentId) => {
  store ??= new IncidentStore();
  const incident = await store.get(incidentId, true);
  if (!incident) return undefined;
  const { driverId, vendorId, status, createdAt, updatedAt } = incident;
  return { incidentId: incident.incidentId, driverId, vendorId, status, createdAt, updatedAt };
};
