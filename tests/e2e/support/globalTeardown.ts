import { registry, targetOf } from './globalSetup';
import { stopStack } from './stack';

/** Stops the stack this project's globalSetup started (SIGINT to its group, bounded wait). */
export default async function globalTeardown(_globalConfig: unknown, projectConfig: { globals?: Record<string, unknown> }): Promise<void> {
  const target = targetOf(projectConfig);
  const stack = registry()[target];
  if (!stack) return;
  delete registry()[target];
  // E2E_KEEP_STACK_LOG=1 keeps the stack's scratch dir (its stack.log) to read after a failed run.
  await stopStack(stack, { keepDir: process.env.E2E_KEEP_STACK_LOG === '1' });
}
