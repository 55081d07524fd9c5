/** A payment as the API returns it. */
export interface Payment {
  readonly id: string;
  readonly userId: string;
  readonly incidentId: string;
  readonly vendorId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly status: 'captured' | 'refunded';
  readonly description: string | null;
  readonly createdAt: string;
}

/** Result of a create: the payment, and whether it was created now or replayed for a used key. */
export interface CreatePaymentResult {
  readonly payment: Payment;
  readonly replayed: boolean;
}

export interface PaymentPage {
  readonly items: ReadonlyArray<Payment>;
  /** Present when more items follow: pass it back as `?cursor=`. */
  readonly nextCursor: string | null;
  /** True exactly when `nextCursor` is set. */
  readonly hasMore: boolean;
}

export interface RevenuePoint {
  /** `YYYY-MM-DD` (day) or `YYYY-MM-DDTHH:00:00Z` (hour), UTC. */
  readonly period: string;
  readonly currency: string;
  readonly payments: number;
  readonly revenueCents: number;
}

export interface RevenueReport {
  readonly from: string;
  readonly to: string;
  readonly granularity: 'day' | 'hour';
  readonly series: ReadonlyArray<RevenuePoint>;
  readonly totals: ReadonlyArray<{ readonly currency: string; readonly payments: number; readonly revenueCents: number }>;
  /** When the views were last refreshed: payments after it are not counted yet. */
  readonly refreshedAt: string | null;
}

export interface VendorRevenue {
  readonly vendorId: string;
  readonly currency: string;
  readonly payments: number;
  readonly revenueCents: number;
  readonly lastPaymentAt: string;
}

export interface TopVendorsReport {
  readonly currency: string;
  readonly vendors: ReadonlyArray<VendorRevenue>;
  readonly refreshedAt: string | null;
}
