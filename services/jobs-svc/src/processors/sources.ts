import { hasRole } from '@roadcall/utils/auth';
import {
  INCIDENT_KEY,
  INCIDENTS_BY_DRIVER,
  type ItemPage,
  incidentsTable,
  type Key,
  type ScanSegment,
  VENDOR_KEY,
  vendorsTable,
} from '../repositories';
import type { JobRecord } from '../types';

/** Where an export or report reads: a paged source with a key name and a size estimate. */
export interface PagedSource {
  readonly keyName: string;
  page(limit: number, startKey?: Key): Promise<ItemPage>;
  /** Whole-table sources: a page of one segment of a parallel Scan (the export reads them in turn). */
  readonly segmentPage?: (segment: ScanSegment, limit: number, startKey?: Key) => Promise<ItemPage>;
  estimateTotal(): Promise<number>;
}

export type SourceName = 'incidents' | 'vendors';
export type SourceScope = 'mine' | 'all';

/**
 * The data a job reads. `incidents` + `mine`: the owner's incidents (byDriver index);
 * `incidents` + `all` and `vendors`: the whole table (admins only; enforced when the job is created).
 */
export function sourceFor(name: SourceName, scope: SourceScope, job: Pick<JobRecord, 'userId'>): PagedSource {
  if (name === 'vendors') {
    const table = vendorsTable();
    return {
      keyName: VENDOR_KEY,
      page: (limit, key) => table.scanPage(limit, key),
      segmentPage: (segment, limit, key) => table.scanPage(limit, key, segment),
      estimateTotal: () => table.approximateCount(),
    };
  }
  const table = incidentsTable();
  if (scope === 'all') {
    return {
      keyName: INCIDENT_KEY,
      page: (limit, key) => table.scanPage(limit, key),
      segmentPage: (segment, limit, key) => table.scanPage(limit, key, segment),
      estimateTotal: () => table.approximateCount(),
    };
  }
  return {
    keyName: INCIDENT_KEY,
    page: (limit, key) => table.queryPage(INCIDENTS_BY_DRIVER.index, INCIDENTS_BY_DRIVER.key, job.userId, limit, key),
    estimateTotal: () => table.queryCount(INCIDENTS_BY_DRIVER.index, INCIDENTS_BY_DRIVER.key, job.userId),
  };
}

/** Whole-table reads are for admins. */
export function needsAdmin(name: SourceName, scope: SourceScope): boolean {
  return name === 'vendors' || scope === 'all';
}

export { hasRole };
