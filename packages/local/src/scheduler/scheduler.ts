import { randomUUID } from 'node:crypto';
import { functionId, type ScheduleContract } from '@roadcall/contracts';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '../api/event';
import { nextDelayMs } from './expression';

export type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

/** What the scheduler needs of a schedule: the contracts' ScheduleContract, or a template's rule target. */
export interface ScheduleLike {
  readonly id: string;
  readonly expression: string;
  readonly input?: unknown;
  /** The target's function name in the Lambda context (default: from a contract's target). */
  readonly functionName?: string;
  readonly timeoutSeconds?: number;
}

export interface SchedulerOptions<S extends ScheduleLike = ScheduleContract> {
  readonly schedules: ReadonlyArray<S>;
  readonly resolve: (schedule: S) => ScheduledHandler;
  readonly region?: string;
  readonly onFire?: (entry: { id: string; ms: number; error?: unknown }) => void;
}

/**
 * The event a rule delivers: the target's static input when the contract gives one (as
 * `RuleTargetInput.fromObject` does in CDK), else EventBridge's "Scheduled Event".
 */
export function scheduledEvent(schedule: ScheduleLike, region = 'us-east-1'): unknown {
  if (schedule.input) return schedule.input;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${schedule.id}`],
    detail: {},
  };
}

/** Fires the contracts' schedules against the local handlers, with EventBridge's timing and payloads. */
export class Scheduler<S extends ScheduleLike = ScheduleContract> {
  readonly #options: SchedulerOptions<S>;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #running = false;

  constructor(options: SchedulerOptions<S>) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    for (const schedule of this.#options.schedules) this.#arm(schedule);
  }

  stop(): void {
    this.#running = false;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Fires one schedule now (tests, `pnpm dev` commands); resolves with the handler's result. */
  async fire(id: string): Promise<unknown> {
    const schedule = this.#options.schedules.find((candidate) => candidate.id === id);
    if (!schedule) throw new Error(`No schedule with id "${id}"`);
    const started = performance.now();
    try {
      const target = (schedule as Partial<ScheduleContract>).target;
      const functionName = schedule.functionName ?? (target ? `roadcall-local-${functionId(target)}` : schedule.id);
      const context = lambdaContext(functionName, schedule.timeoutSeconds ?? target?.timeoutSeconds ?? 60, 1024);
      const result = await this.#options.resolve(schedule)(scheduledEvent(schedule, this.#options.region), context);
      this.#options.onFire?.({ id, ms: performance.now() - started });
      return result;
    } catch (error) {
      this.#options.onFire?.({ id, ms: performance.now() - started, error });
      throw error;
    }
  }

  #arm(schedule: S): void {
    if (!this.#running) return;
    const timer = setTimeout(() => {
      this.fire(schedule.id)
        .catch(() => undefined)
        .finally(() => this.#arm(schedule));
    }, nextDelayMs(schedule.expression));
    timer.unref();
    this.#timers.set(schedule.id, timer);
  }
}
