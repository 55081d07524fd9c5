import type { WarmTarget } from '@roadcall/contracts';
import type { WarmingEvent } from './event';

/**
 * What the warmer needs to reach a function: invoke it once with a payload and get its answer.
 * In AWS that is Lambda Invoke ({@link lambdaInvoker}); locally the stack calls the handler
 * in-process; in tests a mock counts calls.
 */
export interface FunctionInvoker {
  invoke(target: WarmTarget, payload: WarmingEvent): Promise<unknown>;
}

const REGISTRY = Symbol.for('roadcall.warmer.invoker');
type Registry = { [REGISTRY]?: FunctionInvoker };

/**
 * Installs the invoker the warmer function uses (the local stack installs its in-process one at
 * start; nothing does in AWS, where {@link lambdaInvoker} is the default). Kept on globalThis so a
 * second copy of this module (bundles, test registries) sees the same one.
 */
export function setWarmerInvoker(invoker: FunctionInvoker | undefined): void {
  (globalThis as Registry)[REGISTRY] = invoker;
}

/** The installed invoker, if any. */
export function installedWarmerInvoker(): FunctionInvoker | undefined {
  return (globalThis as Registry)[REGISTRY];
}
