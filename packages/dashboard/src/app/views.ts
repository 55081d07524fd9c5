/// <reference lib="dom" />
import type { Api } from './api';

/** A page: its root element, and what to stop (timers, streams) when another page opens. */
export interface View {
  readonly root: HTMLElement;
  stop(): void;
}

export type ViewFactory = (api: Api) => View;

/** Runs `tick` now and then every `ms` until stopped; a failing tick shows its error and keeps going. */
export function every(ms: number, tick: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async (): Promise<void> => {
    try {
      await tick();
    } catch (error) {
      onError(error);
    }
    if (!stopped) timer = setTimeout(run, ms);
  };
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Marks the first paint that shows data (the browser test reads and prints it). */
export function meaningfulPaint(): void {
  if (performance.getEntriesByName('roadcall:first-meaningful-paint').length > 0) return;
  requestAnimationFrame(() => performance.mark('roadcall:first-meaningful-paint'));
}
