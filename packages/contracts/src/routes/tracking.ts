import type { RouteContract } from '../types';

/** Tracking routes (see the tracking service's README section). */
export const TRACKING_ROUTES = [] as const satisfies ReadonlyArray<RouteContract>;
