import { type LocalIdentity, signLocalToken } from '@roadcall/local';
import type { E2eStack } from './types';

/**
 * A bearer token for any identity, signed with the running stack's key (its state file's
 * `jwtSecret`) exactly as the stack signs its demo tokens: how a test acts as a vendor it created.
 *
 * @example
 * const token = await tokenFor(stack, { userId: 'user-v1', email: 'v1@e2e.test', roles: ['vendor'], vendorId });
 */
export function tokenFor(stack: E2eStack, identity: LocalIdentity): Promise<string> {
  return signLocalToken(identity, stack.jwtSecret);
}
