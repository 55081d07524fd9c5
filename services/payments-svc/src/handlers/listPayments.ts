import { createHandler } from '@roadcall/utils/http';
import { paymentsService } from '../runtime';
import { listPaymentsQuery } from '../schemas';

/** GET /payments?cursor&limit: a page of the caller's payments (an admin's: everyone's). */
export const handler = createHandler({
  route: 'payments.listPayments',
  query: listPaymentsQuery,
  handle: async ({ query, auth }) => {
    return paymentsService().list(auth, query);
  },
});
