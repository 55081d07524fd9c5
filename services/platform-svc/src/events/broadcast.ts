import * as z from 'zod/mini';
import { sendSystemAlert } from './alerts';

/** An admin's broadcast: a title and a message, warning unless said otherwise. */
export const broadcastBody = z.strictObject({
  severity: z._default(z.enum(['info', 'warning', 'critical']), 'warning'),
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  message: z.string().check(z.trim(), z.minLength(1), z.maxLength(2_000)),
});

export type BroadcastRequest = z.infer<typeof broadcastBody>;

/** Sends the broadcast as a `system_alert` to every admin, naming who sent it. */
export async function broadcastAlert(request: BroadcastRequest, sentBy: string): Promise<{ id: string; delivered: 'admins' }> {
  const id = await sendSystemAlert({ ...request, source: 'broadcast', details: { sentBy } });
  return { id, delivered: 'admins' };
}
