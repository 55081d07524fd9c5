export { MatchingEngine, type MatchingEngineDeps, type MatchingOutcome, type SweepResult } from './engine';
export { type EscalationNotifier, sesEscalationNotifier } from './escalation';
export { OfferBoard, type OfferEvent, type OfferRedis } from './offers';
export { type MatchingQueue, sqsMatchingQueue } from './queue';
export { rankCandidates } from './rank';
export { type NearestQuery, type VendorCandidate, type VendorFinder, vendorsServiceFinder } from './vendors';
