import { logger } from '@roadcall/utils/logger';
import type { CapacityGuard } from '../capacity';
import type { MatchingConfig } from '../config';
import { MAX_CANDIDATES, SWEEP_GRACE_MS, SWEEP_MAX_ITEMS } from '../constants';
import { forgetMe } from '../me';
import type { IncidentStore } from '../store';
import type { Incident, MatchingMessage, MatchingState } from '../types';
import type { EscalationNotifier } from './escalation';
import type { OfferBoard } from './offers';
import type { MatchingQueue } from './queue';
import { rankCandidates } from './rank';
import type { VendorFinder } from './vendors';

/** What one matching step did. */
export type MatchingOutcome = 'offered' | 'waiting' | 'escalated' | 'stale' | 'gone';

export interface MatchingEngineDeps {
  readonly store: IncidentStore;
  readonly finder: VendorFinder;
  /** Vendors on as many active incidents as their capacity are not offered (the vendors service's counter). */
  readonly capacity: Pick<CapacityGuard, 'withCapacity'>;
  readonly board: OfferBoard;
  readonly queue: MatchingQueue;
  readonly notifier: EscalationNotifier;
  /** Read at every round: feature flags may change it without a deploy. */
  readonly config: () => MatchingConfig | Promise<MatchingConfig>;
  readonly now?: () => number;
}

export interface SweepResult {
  readonly inspected: number;
  readonly redriven: number;
}

/**
 * Vendor matching as a chain of SQS messages, one step each (no function ever sleeps):
 *
 * 1. `created -> matching` (round 0), deadline = creation + the escalation time.
 * 2. Each round offers the incident to the next `offerBatchSize` available vendors below their
 *    capacity not yet offered it, nearest first (rating breaks near-ties), searching the configured
 *    radii from the current one outwards; once every vendor in reach has been offered, to those
 *    offered before again (not the ones whose offer just closed). Then it sends itself a message
 *    delayed by the offer window (or until the deadline, whichever is sooner). Nobody in reach who
 *    can take it: the round records that and looks again later.
 * 3. An accept (`PUT /incidents/{id}/accept`) ends matching; the delayed message then finds a
 *    newer round or another status and is dropped.
 * 4. At the deadline, `matching -> escalated` and the dispatch address is emailed.
 *
 * Every step is a write conditional on the round it read, so duplicate deliveries and the sweep
 * (the safety net for lost messages) can never advance a round twice.
 *
 * @example
 * const outcome = await engine.handle({ incidentId, round: 0 });
 */
export class MatchingEngine {
  readonly #deps: MatchingEngineDeps;
  readonly #now: () => number;

  constructor(deps: MatchingEngineDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Processes one matching message. Throws only on infrastructure failure (the message is retried). */
  async handle(message: MatchingMessage): Promise<MatchingOutcome> {
    let incident = await this.#deps.store.get(message.incidentId, true);
    if (!incident) return 'gone';
    if (incident.status === 'created' && message.round === 0) {
      incident = (await this.#start(incident)) ?? (await this.#deps.store.get(message.incidentId, true));
      if (!incident) return 'gone';
    }
    if (incident.status !== 'matching' || incident.matching?.round !== message.round) return 'stale';
    return this.advance(incident);
  }

  /** One round: offer to the next vendors, or wait, or escalate at the deadline. */
  async advance(incident: Incident): Promise<MatchingOutcome> {
    const { store, board, queue } = this.#deps;
    const config = await this.#deps.config();
    const matching = incident.matching as MatchingState;
    const now = this.#now();
    if (now >= matching.deadline) return this.#escalate(incident, matching);

    const offered = new Set(incident.offeredVendorIds ?? []);
    let radiusIndex = Math.min(matching.radiusIndex, config.radiiKm.length - 1);
    let picked: string[] = [];
    // Paused by flag: no new offers this round; the deadline still escalates.
    for (; !config.paused && radiusIndex < config.radiiKm.length; radiusIndex++) {
      picked = await this.#pick(
        incident,
        (vendorId) => !offered.has(vendorId),
        offered.size,
        config.radiiKm[radiusIndex] as number,
        config,
      );
      if (picked.length > 0) break;
    }
    radiusIndex = Math.min(radiusIndex, config.radiiKm.length - 1);
    if (!config.paused && picked.length === 0 && offered.size > 0) {
      // Everyone in reach has been offered it: offer it again to those offered before, except the
      // vendors whose offer just closed. With capacity 1, a vendor that was busy (or let it pass)
      // may be free now, and is often the only one near; the API has no decline, and silence on one
      // offer may mean the vendor was on another job.
      const closing = new Set(matching.offer?.vendorIds ?? []);
      picked = await this.#pick(
        incident,
        (vendorId) => offered.has(vendorId) && !closing.has(vendorId),
        MAX_CANDIDATES,
        config.radiiKm[radiusIndex] as number,
        config,
      );
    }

    const round = matching.round + 1;
    const offer = picked.length > 0 ? { vendorIds: picked, expiresAt: now + config.offerWindowSeconds * 1000 } : undefined;
    const next: MatchingState = { round, radiusIndex, deadline: matching.deadline, ...(offer ? { offer } : {}) };
    const newlyOffered = picked.filter((vendorId) => !offered.has(vendorId));
    const updated = await store.advanceRound(incident.incidentId, matching.round, next, newlyOffered);
    if (!updated) return 'stale';
    // Vendors offered (or no longer offered) see it in GET /me's open offers.
    await forgetMe(updated, [...picked, ...(matching.offer?.vendorIds ?? [])]);

    // The board is a Redis mirror of the offer just written to the table (which accept checks):
    // losing Redis loses the push and the open-offers list, not the offer, nor the next step.
    try {
      if (matching.offer) await board.withdraw(incident.incidentId, matching.offer.vendorIds);
      if (offer) await board.publish(updated, offer);
    } catch (error) {
      logger.warn('Could not mirror the offer to Redis; the incident holds it', { incidentId: incident.incidentId, error: error as Error });
    }
    // The next step: when the offer window closes, or at the deadline if that comes first.
    const untilDeadline = (matching.deadline - now) / 1000;
    await queue.send({ incidentId: incident.incidentId, round }, Math.max(1, Math.min(config.offerWindowSeconds, untilDeadline)));
    return offer ? 'offered' : 'waiting';
  }

  /**
   * The next vendors to offer within one radius: available, `eligible`, below their capacity,
   * ranked. Ineligible and busy vendors take places in the search's answer, so it asks for room for
   * `skipped` of them at first, and for more (up to {@link MAX_CANDIDATES}) while busy ones leave
   * fewer than a batch.
   */
  async #pick(
    incident: Incident,
    eligible: (vendorId: string) => boolean,
    skipped: number,
    radiusKm: number,
    config: Pick<MatchingConfig, 'offerBatchSize'>,
  ): Promise<string[]> {
    const { finder, capacity } = this.#deps;
    const batch = config.offerBatchSize;
    let limit = Math.min(MAX_CANDIDATES, skipped + batch);
    for (;;) {
      const hits = await finder.findNearestAvailable({
        lat: incident.location.lat,
        lon: incident.location.lon,
        service: incident.serviceType,
        radiusKm,
        limit,
      });
      const fresh = hits.filter((hit) => eligible(hit.vendorId));
      const free = new Set(await capacity.withCapacity(fresh.map((hit) => hit.vendorId)));
      const open = fresh.filter((hit) => free.has(hit.vendorId));
      if (open.length >= batch || hits.length < limit || limit >= MAX_CANDIDATES) {
        return rankCandidates(open)
          .slice(0, batch)
          .map((candidate) => candidate.vendorId);
      }
      limit = Math.min(MAX_CANDIDATES, limit + (fresh.length - open.length) + batch);
    }
  }

  /**
   * The safety net, run by a schedule every minute: re-drives incidents whose next message should
   * long have arrived (a lost send, a message in the DLQ): `created` ones that never started, and
   * `matching` ones past their offer window or deadline by {@link SWEEP_GRACE_MS}.
   */
  async sweep(): Promise<SweepResult> {
    const now = this.#now();
    const before = new Date(now - SWEEP_GRACE_MS).toISOString();
    const { offerWindowSeconds } = await this.#deps.config();
    let inspected = 0;
    let redriven = 0;
    for (const status of ['created', 'matching'] as const) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.#deps.store.query({
          index: 'byStatus',
          key: { name: 'status', value: status },
          before,
          limit: 100,
          startKey,
        });
        startKey = page.lastKey;
        for (const incident of page.items) {
          inspected++;
          if (!this.#isStuck(incident, now, offerWindowSeconds)) continue;
          try {
            await this.handle({ incidentId: incident.incidentId, round: incident.matching?.round ?? 0 });
            redriven++;
          } catch (error) {
            logger.error('Sweep could not re-drive an incident', { incidentId: incident.incidentId, error: error as Error });
          }
        }
      } while (startKey && inspected < SWEEP_MAX_ITEMS);
    }
    return { inspected, redriven };
  }

  #isStuck(incident: Incident, now: number, offerWindowSeconds: number): boolean {
    if (incident.status === 'created') return true;
    const matching = incident.matching;
    if (!matching) return true;
    const due = Math.min(matching.deadline, matching.offer?.expiresAt ?? Date.parse(incident.updatedAt) + offerWindowSeconds * 1000);
    return now > due + SWEEP_GRACE_MS;
  }

  async #start(incident: Incident): Promise<Incident | undefined> {
    const config = await this.#deps.config();
    const at = new Date(this.#now()).toISOString();
    const matching: MatchingState = {
      round: 0,
      radiusIndex: 0,
      deadline: Date.parse(incident.createdAt) + config.escalationSeconds * 1000,
    };
    const started = await this.#deps.store.update(incident.incidentId, {
      set: { status: 'matching', matching, updatedAt: at },
      fromStatuses: ['created'],
      change: { status: 'matching', at },
    });
    // The driver's GET /me now has an active incident (create itself has no Redis to drop it).
    if (started) await forgetMe(started);
    return started;
  }

  async #escalate(incident: Incident, matching: MatchingState): Promise<MatchingOutcome> {
    const at = new Date(this.#now()).toISOString();
    const updated = await this.#deps.store.update(incident.incidentId, {
      set: { status: 'escalated', escalatedAt: at, updatedAt: at },
      remove: ['matching.offer'],
      fromStatuses: ['matching'],
      condition: '#matching.#round = :round',
      names: { '#matching': 'matching', '#round': 'round' },
      values: { ':round': matching.round },
      change: { status: 'escalated', at },
    });
    if (!updated) return 'stale';
    if (matching.offer) await this.#deps.board.withdraw(incident.incidentId, matching.offer.vendorIds);
    await forgetMe(updated, matching.offer?.vendorIds);
    await this.#deps.notifier.escalated(updated, (await this.#deps.config()).escalationEmail);
    return 'escalated';
  }
}
