import { created, createHandler, ok } from '@roadcall/utils/http';
import { paymentsService } from '../runtime';
import { createPaymentBody } from '../schemas';
import { idempotencyKeyFrom } from '../service';

/** POST /payments: 201 for a new payment, 200 + Idempotent-Replayed for a key already used with the same body. */
export const handler = createHandler({
  route: 'payments.createPayment',
  body: createPaymentBody,
  handle: async ({ body, auth, headers }) => {
    const key = idempotencyKeyFrom(headers);
    const { payment, replayed } = await paymentsService().create(auth, key, body);
    if (replayed) return ok(payment, { 'Idempotent-Replayed': 'true', Location: `/payments/${payment.id}` });
    return created(payment, `/payments/${payment.id}`);
  },
});
