/**
 * @roadcall/tracking-svc: live vendor positions for an incident.
 *
 * @example
 * import { trackingService } from '@roadcall/tracking-svc';
 */
export { type TrackingConfig, trackingConfig } from './config';
export * from './constants';
export * from './errors';
export { estimate } from './eta';
export { type FlushResult, HistoryWriter, toItem } from './history';
export { trackingKeys } from './keys';
export { PositionStore, type RecordResult } from './positions';
export { FixedWindowLimiter } from './rateLimit';
export { historyWriter, trackingService } from './runtime';
export { incidentPathSchema, positionSchema } from './schemas';
export { TrackingService, type TrackingServiceDeps } from './service';
export type * from './types';
