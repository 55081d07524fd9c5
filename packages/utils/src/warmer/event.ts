/** The `source` of the warmer's invocation payload (and of the EventBridge rule's input). */
export const WARMER_EVENT_SOURCE = 'roadcall.warmer';

/** The payload the warmer sends to each warm-marked function. */
export interface WarmingEvent {
  readonly source: typeof WARMER_EVENT_SOURCE;
  /** Which of the N concurrent invocations this is. */
  readonly invocation?: number;
  readonly concurrency?: number;
}

/** What a warmed function answers, so the warmer can count cold containers. */
export interface WarmingResult {
  readonly warmed: true;
  readonly cold: boolean;
  readonly functionName?: string;
}

/** Cheap structural check: this runs before anything else in every handler. */
export function isWarmingEvent(event: unknown): event is WarmingEvent {
  return typeof event === 'object' && event !== null && (event as { source?: unknown }).source === WARMER_EVENT_SOURCE;
}
