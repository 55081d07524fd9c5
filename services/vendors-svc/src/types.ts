import type { GeoPoint } from '@roadcall/utils/geo';
import type { VendorServiceType } from './constants';

/** A vendor as stored in the vendors table (the source of truth). */
export interface Vendor {
  readonly vendorId: string;
  readonly name: string;
  readonly phone?: string;
  readonly services: ReadonlyArray<VendorServiceType>;
  readonly location: GeoPoint;
  /** 0-5, one decimal. */
  readonly rating: number;
  readonly available: boolean;
  /** Metro area the vendor serves (seeded vendors). */
  readonly metro?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the geo index returns with each hit, so a search needs no table read. */
export interface VendorSummary {
  readonly name: string;
  readonly rating: number;
  readonly phone?: string;
}

/** One search result. */
export interface VendorMatch {
  readonly vendorId: string;
  readonly name: string;
  readonly rating: number;
  readonly phone?: string;
  readonly services: ReadonlyArray<string>;
  readonly available: boolean;
  readonly location: GeoPoint;
  /** Haversine distance from the query point, km (3 decimals). */
  readonly distanceKm: number;
}

export interface VendorSearchQuery extends GeoPoint {
  readonly radiusKm: number;
  readonly limit: number;
  readonly service?: VendorServiceType;
  readonly includeUnavailable?: boolean;
}

/** Fields an admin gives to create a vendor. */
export interface NewVendor {
  readonly vendorId?: string;
  readonly name: string;
  readonly phone?: string;
  readonly services: ReadonlyArray<VendorServiceType>;
  readonly location: GeoPoint;
  readonly rating?: number;
  readonly available?: boolean;
  readonly metro?: string;
}

/** Fields a profile update may change. */
export type VendorPatch = Partial<Pick<Vendor, 'name' | 'phone' | 'services' | 'rating' | 'location' | 'available'>>;

/** Where a read came from, as the X-Cache header says it. */
export type CacheStatus = 'HIT-L1' | 'HIT-L2' | 'HIT-L3' | 'MISS' | 'BYPASS';
