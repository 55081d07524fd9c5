import { UnauthenticatedError } from '@roadcall/utils';
import type { AuthContext } from '@roadcall/utils/auth';

/** Who performs an admin action (for the audit log): the authenticated caller, never a header. */
export function actorOf(auth: AuthContext | undefined): string {
  if (!auth) throw new UnauthenticatedError('Authentication required');
  return auth.userId;
}
