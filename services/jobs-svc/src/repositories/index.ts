import { tableName } from '@roadcall/utils/config';
import { TableReader } from './tables';

export { type ItemPage, type Key, type ScanSegment, TableReader } from './tables';

/** The vendors table (owned by vendors-svc): read in pages only; changes go through the vendors service (vendors.applyChanges). */
export const vendorsTable = (): TableReader => new TableReader(() => tableName('vendors'));

/** The incidents table (owned by incidents-svc): a driver's incidents through the byDriver index. */
export const incidentsTable = (): TableReader => new TableReader(() => tableName('incidents'));

export const VENDOR_KEY = 'vendorId';
export const INCIDENT_KEY = 'incidentId';
export const INCIDENTS_BY_DRIVER = { index: 'byDriver', key: 'driverId' } as const;
