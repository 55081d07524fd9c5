import { allFunctions, type FunctionDefinition } from './services';

/**
 * The warmer: an EventBridge rule (see `SCHEDULES`, id `platform-warmer`) fires `platform.warmer`
 * every 5 minutes; it invokes every warm-marked function N times at once so that N containers
 * stay initialised. N is the function's `warmConcurrency`, else `WARMER_CONCURRENCY`, else the
 * default here.
 */
export const WARMER = {
  /** The schedule id in `SCHEDULES`. */
  scheduleId: 'platform-warmer',
  /** Containers kept warm per function when neither the contract entry nor the env says. */
  defaultConcurrency: 3,
  /** Upper bound of any concurrency setting: warming is not load generation. */
  maxConcurrency: 20,
} as const;

/**
 * The env var that carries a function's physical name to the warmer (CDK sets one per warm
 * function on the warmer; the local stack needs none: it invokes in-process by id).
 *
 * @example functionNameEnvVar('vendors.search') // 'FUNCTION_NAME_VENDORS_SEARCH'
 */
export function functionNameEnvVar(id: string): string {
  return `FUNCTION_NAME_${id.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** A function the warmer keeps warm, with how many containers. */
export interface WarmTarget {
  readonly id: string;
  /** Env var holding its physical name (see {@link functionNameEnvVar}). */
  readonly nameEnvVar: string;
  readonly concurrency: number;
}

/** Every warm-marked function from the contracts, with its concurrency resolved. */
export function warmTargets(
  defaultConcurrency: number = WARMER.defaultConcurrency,
  functions: ReadonlyArray<FunctionDefinition> = allFunctions(),
): WarmTarget[] {
  const clamp = (value: number): number => Math.max(1, Math.min(WARMER.maxConcurrency, Math.floor(value)));
  return functions
    .filter((fn) => fn.warm)
    .map((fn) => ({ id: fn.id, nameEnvVar: functionNameEnvVar(fn.id), concurrency: clamp(fn.warmConcurrency ?? defaultConcurrency) }));
}
