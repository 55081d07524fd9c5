import { createHandler } from '@roadcall/utils/http';
import { analyticsService } from '../runtime';
import { revenueQuery } from '../schemas';

/** GET /analytics/revenue?from&to[&granularity][&currency] (admin; cached by the route's policy). */
export const handler = createHandler({
  route: 'payments.revenue',
  query: revenueQuery,
  handle: async ({ query }) => {
    return analyticsService().revenue(query);
  },
});
