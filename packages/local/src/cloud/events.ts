import type { QueueBinding } from '../queues';
import type { ScheduleLike } from '../scheduler';
import { LOCAL_MAX_POLLERS } from './constants';
import type { AssemblyModel } from './model';
import type { ProvisionedResources } from './provision';
import type { FunctionRegistry } from './registry';

/** A rule's target as the local scheduler fires it. */
export interface RuleSchedule extends ScheduleLike {
  readonly functionName: string;
}

/** What the runtime could not wire locally, to say so at start. */
export interface Unwired {
  readonly what: string;
  readonly why: string;
}

/**
 * The template's SQS event source mappings as poller bindings: batch size, batching window,
 * ReportBatchItemFailures, and maximum concurrency (capped at LOCAL_MAX_POLLERS polling loops),
 * each batch invoked on the function's workers. Disabled mappings are skipped; mappings of other
 * sources (streams, Kafka) have no local engine and are reported.
 */
export function eventSourceBindings(
  model: AssemblyModel,
  registry: FunctionRegistry,
  provisioned: ProvisionedResources,
  unwired: Unwired[],
): QueueBinding[] {
  return model.resourcesOfType('AWS::Lambda::EventSourceMapping').flatMap(({ stack, logicalId, resource }) => {
    const properties = model.resolve(stack, resource.Properties ?? {}) as {
      EventSourceArn?: string;
      FunctionName?: string;
      BatchSize?: number;
      MaximumBatchingWindowInSeconds?: number;
      FunctionResponseTypes?: string[];
      ScalingConfig?: { MaximumConcurrency?: number };
      Enabled?: boolean | string;
    };
    if (properties.Enabled === false || properties.Enabled === 'false') return [];
    const queue = provisioned.queues.find((candidate) => candidate.arn === properties.EventSourceArn);
    const pool = registry.find(String(properties.FunctionName));
    if (!queue || !pool) {
      unwired.push({ what: `event source mapping ${logicalId}`, why: `${properties.EventSourceArn} is not a local queue` });
      return [];
    }
    const maximum = properties.ScalingConfig?.MaximumConcurrency;
    return [
      {
        functionName: pool.definition.name,
        queueUrl: queue.url,
        queueArn: queue.arn,
        batchSize: Number(properties.BatchSize ?? 10),
        batchingWindowSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
        reportBatchItemFailures: (properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
        concurrency: Math.min(maximum ?? LOCAL_MAX_POLLERS, LOCAL_MAX_POLLERS, pool.cap),
        timeoutSeconds: pool.definition.timeoutSeconds,
        handler: (event) => pool.invoke(event) as never,
      },
    ];
  });
}

/**
 * The template's scheduled EventBridge rules, one schedule per Lambda target: the expression,
 * and the target's `Input` (a JSON string) when set, else EventBridge's "Scheduled Event".
 * Disabled rules are skipped; event-pattern rules (no local event bus) are reported.
 */
export function ruleSchedules(model: AssemblyModel, registry: FunctionRegistry, unwired: Unwired[]): RuleSchedule[] {
  return model.resourcesOfType('AWS::Events::Rule').flatMap(({ stack, logicalId, resource }) => {
    const properties = model.resolve(stack, resource.Properties ?? {}) as {
      ScheduleExpression?: string;
      State?: string;
      Targets?: Array<{ Arn: string; Id: string; Input?: string }>;
    };
    if (properties.State === 'DISABLED') return [];
    if (!properties.ScheduleExpression) {
      unwired.push({ what: `rule ${logicalId}`, why: 'event-pattern rules have no local event bus' });
      return [];
    }
    return (properties.Targets ?? []).flatMap((target) => {
      const pool = registry.find(target.Arn);
      if (!pool) {
        unwired.push({ what: `rule ${logicalId} target ${target.Id}`, why: `${target.Arn} is not a local function` });
        return [];
      }
      return [
        {
          id: `${logicalId}/${target.Id}`,
          expression: properties.ScheduleExpression as string,
          input: target.Input === undefined ? undefined : JSON.parse(target.Input),
          functionName: pool.definition.name,
          timeoutSeconds: pool.definition.timeoutSeconds,
        },
      ];
    });
  });
}

/**
 * CDK triggers (`Custom::Trigger`), in template order: each invokes its handler once, with an empty
 * event, as the trigger provider does during `cdk deploy`; a function error fails the start, as it
 * fails the deployment.
 */
export async function runTriggers(model: AssemblyModel, registry: FunctionRegistry, log: (line: string) => void): Promise<number> {
  const triggers = model.resourcesOfType('Custom::Trigger');
  for (const { stack, logicalId, resource } of triggers) {
    const arn = String(model.resolve(stack, resource.Properties?.HandlerArn));
    const pool = registry.find(arn);
    if (!pool) throw new Error(`Trigger ${logicalId}: ${arn} is not a function of the assembly`);
    const started = performance.now();
    try {
      await pool.invoke({});
    } catch (error) {
      throw new Error(`Trigger ${logicalId} (${pool.definition.name}) failed: ${(error as Error).message}`, { cause: error });
    }
    log(`trigger ${logicalId} -> ${pool.definition.name} done (${(performance.now() - started).toFixed(0)} ms)`);
  }
  return triggers.length;
}
