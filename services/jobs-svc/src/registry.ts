import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminActionKind } from '@roadcall/platform-svc/audit';
import type { AuthContext } from '@roadcall/utils/auth';
import type { Schema } from '@roadcall/utils/schema';
import type { JobPriority, JobRecord, JobResult } from './types';

/** What a processor gets while it runs. */
export interface JobRunContext<P> {
  readonly job: JobRecord;
  readonly params: P;
  readonly logger: Logger;
  /**
   * Resume state saved by an earlier attempt of this job (undefined on the first run). A
   * processor that can resume picks up from it; one that cannot starts over (progress on display
   * then holds still until it passes what was shown).
   */
  readonly checkpoint: unknown;
  /** Items already processed when the checkpoint was saved. */
  readonly resumedFrom: number;
  /** Sets (or corrects) the total item count, for the percentage. */
  setTotal(total: number): void;
  /**
   * Optional: the share of the work finished (0-1) by a measure of the processor's own, e.g. scan
   * segments finished / segments. The percentage uses it when the total is unknown (0: DynamoDB's
   * ItemCount of a fresh table) or turned out too small; it never decreases. Call it before the
   * `chunkDone` of the chunk that finished that share.
   */
  setFractionDone(fraction: number): void;
  /**
   * Call after every chunk: adds `items` to the processed count, records progress (batched, at
   * most about once a second) with `checkpoint` as the resume point, and checks for cancellation.
   * Throws {@link JobCancelledError} (stop, clean up, rethrow), {@link LeaseLostError} or
   * {@link JobYieldError}; let them propagate.
   */
  chunkDone(items: number, checkpoint?: unknown): Promise<void>;
}

/**
 * A job type. Register one with {@link JobRegistry.register}; the API validates a new job's
 * params with `params` and asks `authorize` before it is queued.
 */
export interface JobProcessor<P = unknown> {
  readonly type: string;
  readonly description: string;
  readonly params: Schema<P>;
  readonly defaultPriority: JobPriority;
  /** Throws ForbiddenError when the caller may not start this job (e.g. admin-only). */
  authorize?(auth: AuthContext, params: P): void;
  /**
   * Set for job types that are admin actions: what their submission records in the platform's
   * audit log (the action, and who/what/how many in `details`), before the job is queued.
   */
  audit?(params: P): { readonly action: AdminActionKind; readonly details: Readonly<Record<string, unknown>> };
  run(context: JobRunContext<P>): Promise<JobResult>;
}

/**
 * The job types a deployment knows. Services add their own by registering a processor; the API,
 * the consumer and the docs read the same registry.
 *
 * @example
 * export const registry = new JobRegistry().register(exportProcessor).register(bulkProcessor);
 */
export class JobRegistry {
  readonly #processors = new Map<string, JobProcessor<unknown>>();

  register<P>(processor: JobProcessor<P>): this {
    if (this.#processors.has(processor.type)) throw new Error(`Job type "${processor.type}" is already registered`);
    this.#processors.set(processor.type, processor as JobProcessor<unknown>);
    return this;
  }

  /** A copy with one processor replaced (tests wrap a real processor to inject faults). */
  with<P>(processor: JobProcessor<P>): JobRegistry {
    const copy = new JobRegistry();
    for (const existing of this.#processors.values()) if (existing.type !== processor.type) copy.register(existing);
    return copy.register(processor);
  }

  get(type: string): JobProcessor<unknown> | undefined {
    return this.#processors.get(type);
  }

  types(): string[] {
    return [...this.#processors.keys()];
  }
}
