export { BY_CELL_INDEX, type CellScanPage, VendorCellIndex } from './cellIndex';
export { DynamoVendorRepository } from './dynamoVendorRepository';
export { LazyVendorRepository } from './lazyRepository';
export { closeVendorTableClient, createDaxDocument, type DaxFactory, type DaxTableClient, vendorTableClient } from './tableClient';
export type { VendorPage, VendorRepository, VendorTableClient } from './types';
