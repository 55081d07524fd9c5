import type { WarmTarget } from '@roadcall/contracts';
import { WARMER_EVENT_SOURCE, type WarmingEvent } from './event';
import type { FunctionInvoker } from './invoker';

/** Default hold per warming invocation when N > 1 (see `WarmingEvent.holdMs`). */
export const DEFAULT_WARM_HOLD_MS = 75;

/** One function's warming outcome. */
export interface FunctionWarmReport {
  readonly id: string;
  readonly concurrency: number;
  /** Invocations that answered as warmed. */
  readonly warmed: number;
  /** Of those, containers that were cold (just initialised by this run). */
  readonly cold: number;
  readonly failed: number;
  readonly errors: string[];
}

export interface WarmReport {
  readonly functions: FunctionWarmReport[];
  readonly invoked: number;
  readonly warmed: number;
  readonly cold: number;
  readonly failed: number;
  readonly ms: number;
}

/**
 * Invokes every target `concurrency` times at once (all targets in parallel too) and counts
 * cold answers. A failing function is reported, never thrown: one broken function must not
 * stop the others from being warmed.
 *
 * @example
 * const report = await warmFunctions(warmTargets(), lambdaInvoker());
 * logger.info('warmed', { cold: report.cold, failed: report.failed });
 */
export async function warmFunctions(
  targets: ReadonlyArray<WarmTarget>,
  invoker: FunctionInvoker,
  options: { holdMs?: number } = {},
): Promise<WarmReport> {
  const started = performance.now();
  const functions = await Promise.all(
    targets.map(async (target): Promise<FunctionWarmReport> => {
      const holdMs = target.concurrency > 1 ? (options.holdMs ?? DEFAULT_WARM_HOLD_MS) : 0;
      const results = await Promise.allSettled(
        Array.from({ length: target.concurrency }, (_, index) => {
          const payload: WarmingEvent = { source: WARMER_EVENT_SOURCE, invocation: index + 1, concurrency: target.concurrency, holdMs };
          return invoker.invoke(target, payload);
        }),
      );
      let warmed = 0;
      let cold = 0;
      const errors: string[] = [];
      for (const result of results) {
        if (result.status === 'rejected') {
          errors.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
          continue;
        }
        const answer = result.value as { warmed?: unknown; cold?: unknown } | undefined;
        if (answer?.warmed === true) {
          warmed += 1;
          if (answer.cold === true) cold += 1;
        } else {
          errors.push(`${target.id} did not answer as warmed (does its handler use the wrapper's warming check?)`);
        }
      }
      return {
        id: target.id,
        concurrency: target.concurrency,
        warmed,
        cold,
        failed: target.concurrency - warmed,
        errors: [...new Set(errors)],
      };
    }),
  );
  const sum = (pick: (report: FunctionWarmReport) => number): number => functions.reduce((total, report) => total + pick(report), 0);
  return {
    functions,
    invoked: sum((report) => report.concurrency),
    warmed: sum((report) => report.warmed),
    cold: sum((report) => report.cold),
    failed: sum((report) => report.failed),
    ms: Math.round(performance.now() - started),
  };
}
