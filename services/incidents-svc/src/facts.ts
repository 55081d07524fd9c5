/**
 * Part of the incidents service's public face: what other services may know of an incident
 * (ownership: only incidents writes the incidents table; others call this). Re-exported by
 * src/index.ts and importable alone as `@roadcall/incidents-svc/facts`, which pulls in the table
 * store only (no matching engine, no Redis, no SQS) for a small bundle.
 */
import { INCIDENT_STATUSES, type IncidentStatus } from './constants';
import { IncidentStore } from './store';

/** What another service may know of an incident: who reported it, who serves it, where it stands. */
export interface IncidentFacts {
  readonly incidentId: string;
  readonly driverId: string;
  /** The vendor it is (or was) assigned to; absent until a vendor accepts. */
  readonly vendorId?: string;
  readonly status: IncidentStatus;
  /** What the driver asked for (towing, jump start, ...): payments group revenue by it. */
  readonly serviceType?: string;
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
  const { driverId, vendorId, status, serviceType, createdAt, updatedAt } = incident;
  return { incidentId: incident.incidentId, driverId, vendorId, status, serviceType, createdAt, updatedAt };
};

/** Incident activity over a window: what the platform metrics show. */
export interface IncidentActivity {
  readonly since: string;
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly byServiceType: Record<string, number>;
  /** Seconds from report to a vendor's accept, over the incidents assigned in the window. */
  readonly assignmentSeconds: {
    readonly count: number;
    readonly mean: number | null;
    readonly p50: number | null;
    readonly p95: number | null;
  };
}

/** Pages read per status at most: a busy day is thousands of incidents, a page up to 1 MB. */
const ACTIVITY_MAX_PAGES = 50;

/**
 * Incidents reported since `since` (ISO 8601), counted by status and service type, with the
 * time to assignment: one byStatus query per status (newest first), no table scan.
 *
 * @example
 * const activity = await incidentActivity(new Date(Date.now() - 86_400_000).toISOString());
 */
export async function incidentActivity(since: string): Promise<IncidentActivity> {
  store ??= new IncidentStore();
  const byStatus: Record<string, number> = {};
  const byServiceType: Record<string, number> = {};
  const waits: number[] = [];
  for (const status of INCIDENT_STATUSES) {
    let startKey: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await store.query({ index: 'byStatus', key: { name: 'status', value: status }, since, limit: 500, startKey });
      for (const incident of page.items) {
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        byServiceType[incident.serviceType] = (byServiceType[incident.serviceType] ?? 0) + 1;
        if (incident.assignedAt) waits.push((Date.parse(incident.assignedAt) - Date.parse(incident.createdAt)) / 1000);
      }
      startKey = page.lastKey;
    } while (startKey && ++pages < ACTIVITY_MAX_PAGES);
  }
  waits.sort((a, b) => a - b);
  const pick = (p: number): number | null =>
    waits.length ? (waits[Math.min(waits.length - 1, Math.ceil(p * waits.length) - 1)] as number) : null;
  const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);
  return {
    since,
    total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
    byStatus,
    byServiceType,
    assignmentSeconds: {
      count: waits.length,
      mean: round(waits.length ? waits.reduce((sum, wait) => sum + wait, 0) / waits.length : null),
      p50: round(pick(0.5)),
      p95: round(pick(0.95)),
    },
  };
}
