import { createHandler } from '@roadcall/utils/http';
import { AnalyticsService } from '../analytics';
import { topVendorsQuery } from '../schemas';

let service: AnalyticsService | undefined;

/** GET /analytics/vendors/top[?currency][&limit] (admin; cached by the route's policy). */
export const handler = createHandler({
  route: 'payments.topVendors',
  query: topVendorsQuery,
  handle: async ({ query }) => {
    service ??= new AnalyticsService();
    return service.topVendors(query);
  },
});
