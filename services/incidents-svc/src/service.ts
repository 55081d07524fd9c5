import { randomUUID } from 'node:crypto';
import { TABLES } from '@roadcall/contracts';
import { ForbiddenError } from '@roadcall/utils';
import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import { logger } from '@roadcall/utils/logger';
import { type CursorCodec, cursorCodec, type Page, startKeySchema, toPage } from '@roadcall/utils/pagination';
import { canRead, isAssignedVendor, isOwner } from './access';
import type { AssignmentCache } from './assignment';
import type { CapacityGuard } from './capacity';
import {
  ACTIVE_ASSIGNMENT_STATUSES,
  CALLER_TRANSITIONS,
  type CallerTargetStatus,
  type IncidentStatus,
  TERMINAL_STATUSES,
} from './constants';
import { IllegalTransitionError, IncidentNotFoundError, IncidentNotOpenError, OfferExpiredError, WrongRoleError } from './errors';
import type { OfferBoard } from './matching/offers';
import type { MatchingQueue } from './matching/queue';
import { cachedMe, forgetMe, loadMe, type MeView } from './me';
import type { IncidentStore } from './store';
import type { Incident, IncidentView, NewIncident } from './types';
import { toView } from './view';

/** What a listing cursor may carry: exactly a key of the byDriver index (anything else is a 400). */
const BY_DRIVER_KEY = startKeySchema(TABLES.incidents, 'byDriver');

export interface IncidentServiceDeps {
  readonly store: IncidentStore;
  readonly queue: MatchingQueue;
  readonly board: OfferBoard;
  readonly assignments: AssignmentCache;
  /** Vendor capacity (the vendors service's counter): claimed at accept, released at the end. */
  readonly capacity: CapacityGuard;
  /** Signs list cursors for a scope (defaults to CURSOR_SECRET / its secret). */
  readonly cursors?: (scope: string) => Promise<CursorCodec>;
  readonly now?: () => number;
}

export interface ListQuery {
  readonly status?: IncidentStatus;
  readonly cursor?: string;
  readonly limit: number;
}

/** Index queries per list call at most, when a status filter leaves pages short. */
const MAX_LIST_QUERIES = 5;

/**
 * The incidents use cases. Authorisation is per incident: its driver, its assigned vendor, a vendor
 * holding an open offer, or an admin; anyone else gets 404 (see {@link IncidentNotFoundError}).
 *
 * @example
 * const view = await service.create(auth, { location, serviceType: 'towing', vehicle: { make: 'VW', model: 'Golf' } });
 */
export class IncidentService {
  readonly #deps: IncidentServiceDeps;
  readonly #now: () => number;

  constructor(deps: IncidentServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Records the incident (`created`) and starts matching with one SQS message. If the send fails,
   * the incident is still durable and the sweep starts its matching within about a minute, so
   * the driver gets a 201, not an error for something that will happen anyway.
   */
  async create(auth: AuthContext, input: NewIncident): Promise<IncidentView> {
    if (!hasRole(auth, 'driver')) throw new WrongRoleError('report an incident', 'driver');
    const at = new Date(this.#now()).toISOString();
    const incident: Incident = {
      incidentId: randomUUID(),
      driverId: auth.userId,
      driverEmail: auth.email,
      status: 'created',
      serviceType: input.serviceType,
      location: input.location,
      vehicle: input.vehicle,
      description: input.description,
      createdAt: at,
      updatedAt: at,
      history: [{ status: 'created', at, by: auth.userId }],
    };
    // No /me invalidation here (this function has no Redis): matching's first step, a moment
    // later, changes the status and drops the driver's summary (matching engine, #start).
    await this.#deps.store.create(incident);
    try {
      await this.#deps.queue.send({ incidentId: incident.incidentId, round: 0 });
    } catch (error) {
      logger.error('Could not start matching; the sweep will', { incidentId: incident.incidentId, error: error as Error });
    }
    return toView(incident);
  }

  async get(auth: AuthContext, incidentId: string): Promise<IncidentView> {
    return toView(await this.#readable(auth, incidentId));
  }

  /**
   * The caller's own summary (`GET /me`): profile from the token, vehicles and active incident
   * (drivers), open offers (vendors); cached per user and dropped when their incidents change.
   */
  async me(auth: AuthContext): Promise<MeView> {
    return cachedMe(auth, () => loadMe(auth, { store: this.#deps.store, openOffers: (caller) => this.openOffers(caller) }, this.#now()));
  }

  /** The caller's own incidents, newest first, optionally of one status; signed cursors. */
  async list(auth: AuthContext, query: ListQuery): Promise<Page<IncidentView>> {
    const scope = `incidents:list:${auth.userId}:${query.status ?? '*'}`;
    const codec = await (this.#deps.cursors ?? cursorCodec)(scope);
    let startKey: Record<string, unknown> | undefined = query.cursor ? codec.decode(query.cursor, BY_DRIVER_KEY) : undefined;
    const items: Incident[] = [];
    // A status filter applies after the read: keep reading until the page is full or the index ends.
    for (let call = 0; call < MAX_LIST_QUERIES && items.length < query.limit; call++) {
      const page = await this.#deps.store.query({
        index: 'byDriver',
        key: { name: 'driverId', value: auth.userId },
        filterStatus: query.status,
        limit: query.limit - items.length,
        startKey,
      });
      items.push(...page.items);
      startKey = page.lastKey;
      if (!startKey) break;
    }
    return toPage(items.map(toView), startKey ? codec.encode(startKey) : null);
  }

  /**
   * A vendor takes the incident. One conditional write decides among any number of simultaneous
   * accepts: status still `matching` and the caller in the open, unexpired offer. The first write
   * wins; every later one fails its condition and gets a 409.
   */
  async accept(auth: AuthContext, incidentId: string): Promise<IncidentView> {
    const vendorId = auth.vendorId;
    if (!hasRole(auth, 'vendor') || !vendorId) throw new WrongRoleError('accept an incident', 'vendor (with a vendor id)');
    const now = this.#now();
    // Capacity first (one conditional write on the vendor: of concurrent accepts by one vendor for
    // different incidents, only as many as its capacity pass); the incident's own write decides
    // among vendors. If that write fails, the claim is given back.
    await this.#claimCapacity(auth, vendorId, incidentId);
    // The offer is judged by the time the accept arrived (`now`); the assignment is dated after the
    // claim, so a vendor's jobs never seem to overlap: its previous job's `completed` (dated before
    // that job's release, which this claim needed) is always earlier.
    const at = new Date(Math.max(now, this.#now())).toISOString();
    const updated = await this.#deps.store.update(incidentId, {
      set: { vendorId, assignedAt: at, updatedAt: at },
      extraSet: ['#status = :assigned'],
      remove: ['matching.offer'],
      fromStatuses: ['matching'],
      condition: 'contains(#matching.#offer.#vendorIds, :vendorId) AND #matching.#offer.#expiresAt > :now',
      names: { '#matching': 'matching', '#offer': 'offer', '#vendorIds': 'vendorIds', '#expiresAt': 'expiresAt' },
      values: { ':vendorId': vendorId, ':now': now, ':assigned': 'assigned' },
      change: { status: 'assigned', at, by: vendorId },
    });
    if (!updated) {
      const current = await this.#deps.store.get(incidentId, true);
      // A retried accept of an incident this vendor already holds keeps its claim.
      if (!(current && current.vendorId === vendorId && ACTIVE_ASSIGNMENT_STATUSES.includes(current.status)))
        await this.#deps.capacity.release(vendorId, incidentId);
      if (!current || !(current.offeredVendorIds ?? []).includes(vendorId)) {
        if (current && hasRole(auth, 'admin')) throw new IncidentNotOpenError(incidentId, current.status);
        throw new IncidentNotFoundError(incidentId);
      }
      if (current.status !== 'matching') throw new IncidentNotOpenError(incidentId, current.status);
      throw new OfferExpiredError(incidentId);
    }
    await this.#afterChange(updated);
    await forgetMe(updated);
    return toView(updated);
  }

  /**
   * The caller-driven moves: the assigned vendor takes it `en_route -> arrived -> completed`; the
   * driver (or an admin) may cancel until the vendor has arrived. Each is a conditional write on
   * the statuses it may start from and on the caller's part in the incident.
   */
  async changeStatus(auth: AuthContext, incidentId: string, target: CallerTargetStatus, reason?: string): Promise<IncidentView> {
    const rule = CALLER_TRANSITIONS[target];
    const admin = hasRole(auth, 'admin');
    const at = new Date(this.#now()).toISOString();
    let condition: string | undefined;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':target': target };
    if (!admin && rule.actor === 'vendor') {
      condition = '#vendorId = :me';
      names['#vendorId'] = 'vendorId';
      values[':me'] = auth.vendorId ?? '\u0000';
    } else if (!admin) {
      condition = '#driverId = :me';
      names['#driverId'] = 'driverId';
      values[':me'] = auth.userId;
    }
    const updated = await this.#deps.store.update(incidentId, {
      set: { updatedAt: at, ...(target === 'cancelled' && reason ? { cancelReason: reason } : {}) },
      extraSet: ['#status = :target'],
      fromStatuses: rule.from,
      condition,
      names,
      values,
      change: { status: target, at, by: auth.vendorId && rule.actor === 'vendor' ? auth.vendorId : auth.userId },
    });
    if (!updated) {
      const current = await this.#deps.store.get(incidentId, true);
      if (!current || !canRead(auth, current)) throw new IncidentNotFoundError(incidentId);
      const mayAct = admin || (rule.actor === 'vendor' ? isAssignedVendor(auth, current) : isOwner(auth, current));
      if (!mayAct)
        throw new ForbiddenError(`Only the ${rule.actor === 'vendor' ? 'assigned vendor' : 'driver who reported it'} may set ${target}`);
      throw new IllegalTransitionError(incidentId, current.status, target);
    }
    // The vendor is free again at the end (a lost release heals at its next match: capacity.ts).
    if (updated.vendorId && TERMINAL_STATUSES.includes(updated.status)) await this.#deps.capacity.release(updated.vendorId, incidentId);
    await this.#afterChange(updated);
    await forgetMe(updated);
    return toView(updated);
  }

  /** The incidents offered to the calling vendor whose offer is still open. */
  async openOffers(auth: AuthContext): Promise<IncidentView[]> {
    const vendorId = auth.vendorId;
    if (!hasRole(auth, 'vendor') || !vendorId) throw new WrongRoleError('list offers', 'vendor (with a vendor id)');
    const ids = await this.#deps.board.openOffers(vendorId, this.#now());
    const incidents = await Promise.all(ids.map((id) => this.#deps.store.get(id)));
    return incidents.filter((incident): incident is Incident => Boolean(incident && canRead(auth, incident))).map(toView);
  }

  /**
   * Claims the vendor's capacity for the incident. Only for a vendor the incident was offered to:
   * anyone else gets the answer the accept itself would give (404), never a claim.
   */
  async #claimCapacity(auth: AuthContext, vendorId: string, incidentId: string): Promise<void> {
    const incident = await this.#deps.store.get(incidentId, true);
    if (!incident || !(incident.offeredVendorIds ?? []).includes(vendorId)) {
      if (incident && hasRole(auth, 'admin')) throw new IncidentNotOpenError(incidentId, incident.status);
      throw new IncidentNotFoundError(incidentId);
    }
    if (incident.vendorId === vendorId && ACTIVE_ASSIGNMENT_STATUSES.includes(incident.status)) return;
    if (incident.status !== 'matching') throw new IncidentNotOpenError(incidentId, incident.status);
    await this.#deps.capacity.claim(vendorId, incidentId);
  }

  async #readable(auth: AuthContext, incidentId: string): Promise<Incident> {
    const incident = await this.#deps.store.get(incidentId);
    if (!incident || !canRead(auth, incident)) throw new IncidentNotFoundError(incidentId);
    return incident;
  }

  /** Mirrors the assignment for tracking and clears stale offers; Redis trouble is logged, not fatal. */
  async #afterChange(incident: Incident): Promise<void> {
    const offered = incident.offeredVendorIds ?? [];
    const results = await Promise.allSettled([
      this.#deps.assignments.sync(incident),
      incident.status === 'matching' ? Promise.resolve() : this.#deps.board.withdraw(incident.incidentId, offered.slice(-MAX_WITHDRAW)),
    ]);
    for (const result of results) {
      if (result.status === 'rejected')
        logger.warn('Could not update incident state in Redis', { incidentId: incident.incidentId, error: result.reason as Error });
    }
  }
}

/** Offers withdrawn after an accept: the latest round's vendors are the ones still holding one. */
const MAX_WITHDRAW = 50;
