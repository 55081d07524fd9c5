import type { RouteContract } from '../types';

/** Vendors routes (see the vendors service's README section). */
export const VENDORS_ROUTES = [] as const satisfies ReadonlyArray<RouteContract>;
