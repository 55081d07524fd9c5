import type { VendorService } from './service';

/** Vendors per metro: how many, how many available now, and per service type. */
export interface MetroSupply {
  readonly metro: string;
  readonly vendors: number;
  readonly available: number;
  readonly byService: Record<string, { readonly vendors: number; readonly available: number }>;
}

/** Vendors without a metro are counted under this name. */
export const NO_METRO = 'unassigned';

/** Vendors read per page of the walk. */
const SUPPLY_PAGE_SIZE = 500;

/**
 * Vendor supply by metro and service type, from the vendors table (the truth, not the geo index):
 * a paged walk of every vendor. Callers cache it (the platform metrics, 5 minutes).
 *
 * @example
 * const metros = await vendorSupplyByMetro(await vendorService()); // [{ metro: 'San Francisco', vendors: 812, available: 640, byService }]
 */
export async function vendorSupplyByMetro(service: Pick<VendorService, 'list'>): Promise<MetroSupply[]> {
  const metros = new Map<
    string,
    { vendors: number; available: number; byService: Record<string, { vendors: number; available: number }> }
  >();
  let startKey: string | undefined;
  do {
    const page = await service.list({ limit: SUPPLY_PAGE_SIZE, startKey });
    for (const vendor of page.items) {
      const name = vendor.metro ?? NO_METRO;
      const entry = metros.get(name) ?? { vendors: 0, available: 0, byService: {} };
      entry.vendors++;
      if (vendor.available) entry.available++;
      for (const type of vendor.services) {
        const counts = entry.byService[type] ?? { vendors: 0, available: 0 };
        entry.byService[type] = counts;
        counts.vendors++;
        if (vendor.available) counts.available++;
      }
      metros.set(name, entry);
    }
    startKey = page.lastKey;
  } while (startKey);
  return [...metros.entries()]
    .map(([metro, entry]) => ({ metro, ...entry }))
    .sort((a, b) => b.vendors - a.vendors || a.metro.localeCompare(b.metro));
}
