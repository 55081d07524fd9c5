/**
 * @roadcall/payments-svc: payments (idempotent creation, owner reads, signed cursors) and revenue
 * analytics on Aurora PostgreSQL. The public face: what other services and packages may import.
 * Other services read payments through {@link capturedPaymentTotals} (jobs' report), never the table.
 *
 * @example
 * import { paymentsService } from '@roadcall/payments-svc';
 */
export { AnalyticsService } from './analytics';
export * from './constants';
export * from './errors';
export { analyticsService, paymentsService } from './runtime';
export { PaymentsService } from './service';
export { capturedPaymentTotals, MAX_TOTALS_BATCH } from './totals';
export type * from './types';
