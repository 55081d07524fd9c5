import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@roadcall/local';
import { ensureAssembly } from './assembly';
import { E2E_TARGETS, type E2eTarget, errorEnvVar, stackEnvVar } from './constants';
import { type RunningStack, startStack } from './stack';
import type { E2eStack } from './types';

/** The stacks this jest process started, by target, for globalTeardown (same process, same globalThis). */
export const RUNNING: unique symbol = Symbol.for('roadcall.e2e.running');
type Registry = Partial<Record<E2eTarget, RunningStack>>;
export function registry(): Registry {
  const holder = globalThis as { [RUNNING]?: Registry };
  holder[RUNNING] ??= {};
  return holder[RUNNING];
}

/**
 * Starts a target's stack once for all the test files of its project (the cloud target first makes
 * sure the synthesized assembly is current) and hands it to the workers through env. A stack
 * that cannot start does not abort the whole jest run: the reason goes into env and every test
 * of this target fails with it, while the other projects run.
 */
export async function setUpTarget(target: E2eTarget): Promise<void> {
  const root = repoRoot();
  delete process.env[errorEnvVar(target)];
  try {
    if (E2E_TARGETS[target].needsAssembly) {
      const { bin } = E2E_TARGETS[target];
      // Checked before a 2.5-minute synth that would be wasted.
      if (!existsSync(join(root, bin))) throw new Error(`The ${target} target needs ${bin}, which does not exist in this checkout.`);
      await ensureAssembly(root, join(tmpdir(), `roadcall-e2e-synth-${process.pid}.log`));
    }
    const stack = await startStack(target, root);
    registry()[target] = stack;
    const handed: E2eStack = {
      target,
      apiUrl: stack.state.apiUrl,
      mailboxUrl: stack.state.mailboxUrl,
      tokens: stack.state.tokens,
      jwtSecret: stack.state.jwtSecret,
      executeApiUrl: stack.state.executeApiUrl,
    };
    process.env[stackEnvVar(target)] = JSON.stringify(handed);
  } catch (error) {
    process.env[errorEnvVar(target)] = error instanceof Error ? error.message : String(error);
  }
}
