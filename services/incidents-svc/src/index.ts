/**
 * @roadcall/incidents-svc: incidents and vendor matching.
 *
 * @example
 * import { incidentService, matchingEngine } from '@roadcall/incidents-svc';
 */
export { canRead, hasOpenOffer, isAssignedVendor, isOwner } from './access';
export { type Assignment, AssignmentCache, type AssignmentRedis, assignmentFrom } from './assignment';
export { assignmentOf } from './assignmentLookup';
export { type MatchingConfig, matchingConfig } from './config';
export * from './constants';
export * from './errors';
export { type IncidentFacts, type IncidentFactsReader, readIncidentFacts } from './facts';
export { incidentKeys } from './keys';
export * from './matching';
export { incidentService, matchingEngine, useVendorFinder } from './runtime';
export { incidentIdPath, listQuerySchema, matchingMessageSchema, newIncidentSchema, statusBodySchema } from './schemas';
export { IncidentService, type IncidentServiceDeps, type ListQuery } from './service';
export { type ConditionalUpdate, IncidentStore, isConditionFailed } from './store';
export { createTrackingAccess, type ReportVerdict, type TrackedIncident, type TrackingAccess, trackingAccess } from './trackingAccess';
export type * from './types';
export { toView } from './view';
