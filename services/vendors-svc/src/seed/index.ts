export { DEMO_VENDOR, type GenerateOptions, generateVendors, mulberry32, seededVendorId } from './generate';
export { LOCAL_SEED, seedLocalVendors } from './local';
export { METROS, type Metro } from './metros';
export { type SeedOptions, seedVendors } from './seedVendors';
