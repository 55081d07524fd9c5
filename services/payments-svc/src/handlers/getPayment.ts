import { createHandler } from '@roadcall/utils/http';
import { paymentsService } from '../runtime';
import { paymentPath } from '../schemas';

/** GET /payments/{id}: the owner's or, for an admin, anyone's payment. */
export const handler = createHandler({
  route: 'payments.getPayment',
  path: paymentPath,
  handle: async ({ path, auth }) => {
    return paymentsService().get(auth, path.id);
  },
});
