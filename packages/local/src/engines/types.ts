/** A running engine: where to reach it and how to stop it. */
export interface RunningEngine {
  readonly url: string;
  /** True when the stack started it (and so may stop, flush or drop it). */
  readonly owned: boolean;
  /** OS process id when the engine runs in a process of its own (checked by the no-leftovers test). */
  readonly pid?: number;
  /** Every process id when the engine is several processes (a Redis Cluster's nodes). */
  readonly pids?: number[];
  stop(): Promise<void>;
}
