import { AnalyticsService } from './analytics';
import { PaymentsService } from './service';

/**
 * The container's instances, each built on first use and kept for the container's life (module
 * scope outlives one invocation in a warm Lambda container). Handlers call these; tests build
 * their own instances with other dependencies.
 */
let payments: PaymentsService | undefined;
let analytics: AnalyticsService | undefined;

/**
 * The payments use cases on the container's pool.
 *
 * @example
 * const page = await paymentsService().list(auth, { limit: 20 });
 */
export function paymentsService(): PaymentsService {
  payments ??= new PaymentsService();
  return payments;
}

/**
 * Revenue analytics over the materialized views, on the container's pool.
 *
 * @example
 * const report = await analyticsService().revenue({ from: '2026-11-01', to: '2026-11-30', granularity: 'day' });
 */
export function analyticsService(): AnalyticsService {
  analytics ??= new AnalyticsService();
  return analytics;
}
