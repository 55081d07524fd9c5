import type { ResourceUse } from '@roadcall/contracts';
import { primeFor } from './prime';

/** The `source` of the warmer's invocation payload. */
export const WARMER_EVENT_SOURCE = 'roadcall.warmer';

/** Longest a warmed function holds its container (see {@link WarmingEvent.holdMs}). */
export const MAX_WARM_HOLD_MS = 200;

/** The payload the warmer sends to each warm-marked function. */
export interface WarmingEvent {
  readonly source: typeof WARMER_EVENT_SOURCE;
  /** Which of the N concurrent invocations this is (1-based). */
  readonly invocation?: number;
  readonly concurrency?: number;
  /**
   * How long the handler keeps its container busy before answering (capped at MAX_WARM_HOLD_MS).
   * Without it, an answer in microseconds frees the container before the next of the N
   * concurrent invocations arrives, and Lambda reuses it: N invocations, one warm container.
   */
  readonly holdMs?: number;
}

/** What a warmed function answers, so the warmer can count cold containers. */
export interface WarmingResult {
  readonly warmed: true;
  readonly cold: boolean;
  readonly functionName?: string;
  /** Client libraries this (cold) container loaded during the ping, ahead of traffic ({@link primeFor}). */
  readonly primed?: ReadonlyArray<string>;
}

/** Cheap structural check: this runs before anything else in every handler. */
export function isWarmingEvent(event: unknown): event is WarmingEvent {
  return typeof event === 'object' && event !== null && (event as { source?: unknown }).source === WARMER_EVENT_SOURCE;
}

/**
 * The warming answer: no auth, no validation, no I/O against a dependency. A cold container also
 * loads the client libraries its contract `uses` ({@link primeFor}: modules only, no connection),
 * so the first user it serves does not pay for them; then the optional hold (a timer).
 *
 * @example
 * if (isWarmingEvent(event)) return warmingResult(event, cold, context.functionName, route.uses);
 */
export async function warmingResult(event: WarmingEvent, cold: boolean, functionName?: string, uses?: ResourceUse): Promise<WarmingResult> {
  const primed = cold ? primeFor(uses) : [];
  const hold = Math.min(MAX_WARM_HOLD_MS, Math.max(0, Number(event.holdMs) || 0));
  if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
  return primed.length > 0 ? { warmed: true, cold, functionName, primed } : { warmed: true, cold, functionName };
}
