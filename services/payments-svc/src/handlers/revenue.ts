import { createHandler } from '@roadcall/utils/http';
import { AnalyticsService } from '../analytics';
import { revenueQuery } from '../schemas';

let service: AnalyticsService | undefined;

/** GET /analytics/revenue?from&to[&granularity][&currency] (admin; cached by the route's policy). */
export const handler = createHandler({
  route: 'payments.revenue',
  query: revenueQuery,
  handle: async ({ query }) => {
    service ??= new AnalyticsService();
    return service.revenue(query);
  },
});
