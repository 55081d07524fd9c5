/**
 * The vendors service's narrow write interface for other services (ownership: only vendors
 * functions write the vendors table, the geo index and the vendor caches). Each call is a
 * synchronous Lambda Invoke of a vendors function (contracts `INVOCABLES`; in-process under
 * `pnpm dev` and in tests), so the caller needs `uses.invokes` and no grant on the vendors' data.
 * Imported as `@roadcall/vendors-svc/ports`: it loads no table, Redis or cache code.
 */
import { INVOCABLE_FUNCTIONS } from '@roadcall/contracts';
import { invokeFunction } from '@roadcall/utils/invoke';
import type { VendorLoad } from './capacity';
import type { CapacityRequest, ChangeItemResult, ChangeRequest } from './portTypes';

export type { VendorLoad } from './capacity';
export type { CapacityRequest, ChangeItemResult, ChangePatch, ChangeRequest } from './portTypes';

/**
 * Applies one patch to up to 100 vendors through the vendors service (table, geo index, profile and
 * search cache purge, like the routes) and answers per vendor. A whole-call failure throws (503).
 *
 * @example
 * const results = await applyVendorChanges({ vendorIds: ['vendor-000001'], patch: { available: false } });
 * // [{ vendorId: 'vendor-000001', ok: true }]
 */
export function applyVendorChanges(request: ChangeRequest): Promise<ChangeItemResult[]> {
  return invokeFunction<ChangeItemResult[]>(INVOCABLE_FUNCTIONS.vendorsApplyChanges, request);
}

const capacity = <T>(request: CapacityRequest): Promise<T> => invokeFunction<T>(INVOCABLE_FUNCTIONS.vendorsCapacity, request);

/**
 * Vendor capacity for the incidents service: claim a unit for an incident (409 `VENDOR_AT_CAPACITY`
 * or `VENDOR_UNAVAILABLE` when it cannot), release it, read loads. Default capacity 1.
 *
 * @example
 * await vendorCapacity.claim('vendor-000001', incidentId);
 * await vendorCapacity.release('vendor-000001', incidentId);
 */
export const vendorCapacity = {
  claim: (vendorId: string, incidentId: string): Promise<VendorLoad> => capacity({ op: 'claim', vendorId, incidentId }),
  release: (vendorId: string, incidentId: string): Promise<void> => capacity({ op: 'release', vendorId, incidentId }),
  loads: (vendorIds: ReadonlyArray<string>): Promise<VendorLoad[]> => capacity({ op: 'loads', vendorIds: [...vendorIds] }),
};

/** The shape of {@link vendorCapacity} (tests give the incidents service another). */
export type VendorCapacityPort = typeof vendorCapacity;
