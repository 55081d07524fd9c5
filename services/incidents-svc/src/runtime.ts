import { readFlags } from '@roadcall/platform-svc/flags';
import { redisClient } from '@roadcall/utils/redis';
import { vendorCapacity } from '@roadcall/vendors-svc/ports';
import { AssignmentCache } from './assignment';
import { CapacityGuard } from './capacity';
import { flaggedMatchingConfig } from './config';
import { MatchingEngine } from './matching/engine';
import { sesEscalationNotifier } from './matching/escalation';
import { OfferBoard } from './matching/offers';
import { sqsMatchingQueue } from './matching/queue';
import { type VendorFinder, vendorsServiceFinder } from './ports';
import { IncidentService } from './service';
import { IncidentStore } from './store';

/**
 * The container's instances, created on first use (module scope lives as long as a warm Lambda
 * container). Tests and benchmarks build their own with other dependencies.
 */
let service: IncidentService | undefined;
let engine: MatchingEngine | undefined;
let finderOverride: VendorFinder | undefined;

let board: OfferBoard | undefined;
let assignments: AssignmentCache | undefined;
const offerBoard = (): OfferBoard => (board ??= new OfferBoard(redisClient()));
const assignmentCache = (): AssignmentCache => (assignments ??= new AssignmentCache(redisClient()));
let guard: CapacityGuard | undefined;
/** Vendor capacity through the vendors service's `vendors.capacity` function. */
const capacityGuard = (): CapacityGuard => (guard ??= new CapacityGuard({ store: new IncidentStore(), vendors: vendorCapacity }));

/**
 * The service. Its Redis-backed parts are built on first use: incidents.create, .get and .list
 * declare no Redis in their contracts (no REDIS_URL, no Redis in their bundles) and never touch them.
 */
export function incidentService(): IncidentService {
  service ??= new IncidentService({
    store: new IncidentStore(),
    queue: sqsMatchingQueue(),
    get board() {
      return offerBoard();
    },
    get assignments() {
      return assignmentCache();
    },
    get capacity() {
      return capacityGuard();
    },
  });
  return service;
}

export function matchingEngine(): MatchingEngine {
  engine ??= new MatchingEngine({
    store: new IncidentStore(),
    finder: finderOverride ?? vendorsServiceFinder(),
    capacity: capacityGuard(),
    board: offerBoard(),
    queue: sqsMatchingQueue(),
    notifier: sesEscalationNotifier(),
    config: () => flaggedMatchingConfig(readFlags),
  });
  return engine;
}

/** Replaces how matching finds vendors (e.g. the vendors service's own search function). */
export function useVendorFinder(finder: VendorFinder): void {
  finderOverride = finder;
  engine = undefined;
}
