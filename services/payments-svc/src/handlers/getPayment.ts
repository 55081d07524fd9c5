import { createHandler } from '@roadcall/utils/http';
import { PaymentsService } from '../payments';
import { paymentPath } from '../schemas';

let service: PaymentsService | undefined;

/** GET /payments/{id}: the owner's or, for an admin, anyone's payment. */
export const handler = createHandler({
  route: 'payments.getPayment',
  path: paymentPath,
  handle: async ({ path, auth }) => {
    service ??= new PaymentsService();
    return service.get(auth, path.id);
  },
});
