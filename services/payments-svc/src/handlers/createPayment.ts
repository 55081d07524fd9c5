import { created, createHandler, ok } from '@roadcall/utils/http';
import { idempotencyKeyFrom, PaymentsService } from '../payments';
import { createPaymentBody } from '../schemas';

let service: PaymentsService | undefined;

/** POST /payments: 201 for a new payment, 200 + Idempotent-Replayed for a key already used with the same body. */
export const handler = createHandler({
  route: 'payments.createPayment',
  body: createPaymentBody,
  handle: async ({ body, auth, headers }) => {
    const key = idempotencyKeyFrom(headers);
    service ??= new PaymentsService();
    const { payment, replayed } = await service.create(auth, key, body);
    if (replayed) return ok(payment, { 'Idempotent-Replayed': 'true', Location: `/payments/${payment.id}` });
    return created(payment, `/payments/${payment.id}`);
  },
});
