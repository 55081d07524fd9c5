import type { E2eTarget } from './constants';
import { registry } from './globalSetup';
import { stopStack } from './stack';

/** Stops the stack a target's globalSetup started (SIGINT to its group, bounded wait). */
export async function tearDownTarget(target: E2eTarget): Promise<void> {
  const stack = registry()[target];
  if (!stack) return;
  delete registry()[target];
  // E2E_KEEP_STACK_LOG=1 keeps the stack's scratch dir (its stack.log) to read after a failed run.
  await stopStack(stack, { keepDir: process.env.E2E_KEEP_STACK_LOG === '1' });
}
