import { isRoadcallError } from '@roadcall/utils';
import { logger } from '@roadcall/utils/logger';
import type { VendorCapacityPort, VendorLoad } from '@roadcall/vendors-svc/ports';
import { ACTIVE_ASSIGNMENT_STATUSES, STALE_CLAIM_GRACE_MS } from './constants';
import type { IncidentStore } from './store';
import type { Incident } from './types';

/** The code the vendors service refuses a claim with when the vendor holds its capacity. */
const AT_CAPACITY = 'VENDOR_AT_CAPACITY';

/**
 * Whether a vendor's claim for an incident still stands, judged from the incident (its owner's
 * data): the incident is gone or over, another vendor has it, or no accept by this vendor can still
 * succeed (its offer is closed) -> the claim is stale. `matching` with this vendor's offer open is
 * an accept in flight: not stale (an accept read `now` before claiming, so the offer counts open
 * for {@link STALE_CLAIM_GRACE_MS} past its expiry).
 */
export function claimIsStale(incident: Incident | undefined, vendorId: string, now: number): boolean {
  if (!incident) return true;
  if (ACTIVE_ASSIGNMENT_STATUSES.includes(incident.status)) return incident.vendorId !== vendorId;
  if (incident.status !== 'matching') return true;
  const offer = incident.matching?.offer;
  if (!offer) return true;
  return !offer.vendorIds.includes(vendorId) || offer.expiresAt + STALE_CLAIM_GRACE_MS < now;
}

export interface CapacityGuardDeps {
  readonly store: IncidentStore;
  readonly vendors: VendorCapacityPort;
  readonly now?: () => number;
}

/**
 * The incidents side of vendor capacity. The vendors service keeps the counter (a conditional
 * write on the vendor's item: atomic under any concurrency); this class decides, from the incidents
 * table, which of a vendor's claims are stale, so capacity comes back by itself even when a release
 * was lost (a crash between the status write and the release, a failed release call): the next
 * time that vendor is a candidate or claims, its stale claims are released first.
 *
 * @example
 * await guard.claim(vendorId, incidentId);        // 409 VENDOR_AT_CAPACITY when busy
 * const free = await guard.withCapacity(['vendor-000001', 'vendor-000002']);
 */
export class CapacityGuard {
  readonly #deps: CapacityGuardDeps;
  readonly #now: () => number;

  constructor(deps: CapacityGuardDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Claims the vendor for the incident; when it is full, heals its stale claims and tries once more. */
  async claim(vendorId: string, incidentId: string): Promise<void> {
    try {
      await this.#deps.vendors.claim(vendorId, incidentId);
    } catch (error) {
      if (!isRoadcallError(error) || error.code !== AT_CAPACITY) throw error;
      const [load] = await this.#deps.vendors.loads([vendorId]);
      if (!load || (await this.#heal(load)) === 0) throw error;
      await this.#deps.vendors.claim(vendorId, incidentId);
    }
  }

  /** Releases the incident's claim on the vendor; a failure is logged (the next heal releases it). */
  async release(vendorId: string, incidentId: string): Promise<void> {
    try {
      await this.#deps.vendors.release(vendorId, incidentId);
    } catch (error) {
      logger.warn("Could not release vendor capacity; it heals at the vendor's next match", {
        vendorId,
        incidentId,
        error: error as Error,
      });
    }
  }

  /** The vendors, in order, that can take one more incident (stale claims of full ones healed first). */
  async withCapacity(vendorIds: ReadonlyArray<string>): Promise<string[]> {
    if (vendorIds.length === 0) return [];
    const loads = new Map((await this.#deps.vendors.loads(vendorIds)).map((load) => [load.vendorId, load]));
    const free: string[] = [];
    for (const vendorId of vendorIds) {
      const load = loads.get(vendorId);
      if (!load || load.holders.length < load.capacity) free.push(vendorId);
      else if (load.holders.length - (await this.#heal(load)) < load.capacity) free.push(vendorId);
    }
    return free;
  }

  /** Releases the vendor's stale claims; returns how many. */
  async #heal(load: VendorLoad): Promise<number> {
    const now = this.#now();
    let released = 0;
    for (const incidentId of load.holders) {
      const incident = await this.#deps.store.get(incidentId, true);
      if (!claimIsStale(incident, load.vendorId, now)) continue;
      await this.#deps.vendors.release(load.vendorId, incidentId);
      logger.warn('Released a stale vendor capacity claim', { vendorId: load.vendorId, incidentId, status: incident?.status });
      released++;
    }
    return released;
  }
}
