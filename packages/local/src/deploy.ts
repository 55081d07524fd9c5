import { DEPLOY_TRIGGERS, type DeployTriggerContract, functionId } from '@roadcall/contracts';
import { lambdaContext } from './api/event';
import type { HandlerResolver } from './handlers';

/** What one deploy trigger returned (the migration: what it applied). */
export interface DeployTriggerResult {
  readonly id: string;
  readonly result: unknown;
}

/**
 * Runs the contracts' deploy triggers once, in order, the way CloudFormation runs their CDK
 * triggers on a deploy: the same handler files, with `env` as the function's environment for the
 * duration of each. A trigger that throws stops the start, as it would fail the deploy.
 *
 * @example
 * await runDeployTriggers(moduleResolver(), engines.env); // [{ id: 'payments-migrate', result: { applied: [...] } }]
 */
export async function runDeployTriggers(
  resolve: HandlerResolver,
  env: Record<string, string>,
  triggers: ReadonlyArray<DeployTriggerContract> = DEPLOY_TRIGGERS,
): Promise<DeployTriggerResult[]> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    const results: DeployTriggerResult[] = [];
    for (const trigger of triggers) {
      const { target } = trigger;
      const context = lambdaContext(`roadcall-local-${functionId(target)}`, target.timeoutSeconds ?? 60, target.memoryMb ?? 1024);
      results.push({ id: trigger.id, result: await resolve(target)({} as never, context) });
    }
    return results;
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
