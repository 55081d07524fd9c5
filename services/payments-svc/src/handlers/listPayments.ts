import { createHandler } from '@roadcall/utils/http';
import { PaymentsService } from '../payments';
import { listPaymentsQuery } from '../schemas';

let service: PaymentsService | undefined;

/** GET /payments?cursor&limit: a page of the caller's payments (an admin's: everyone's). */
export const handler = createHandler({
  route: 'payments.listPayments',
  query: listPaymentsQuery,
  handle: async ({ query, auth }) => {
    service ??= new PaymentsService();
    return service.list(auth, query);
  },
});
