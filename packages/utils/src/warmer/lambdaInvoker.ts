import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { WarmTarget } from '@roadcall/contracts';
import { WarmInvocationError, WarmTargetNotConfiguredError } from './errors';
import type { WarmingEvent } from './event';
import type { FunctionInvoker } from './invoker';

let client: LambdaClient | undefined;

/**
 * Lambda Invoke (RequestResponse, so the warmer sees each container's cold flag). The physical
 * name comes from the target's env var, which CDK sets on the warmer. The SDK client is loaded
 * on first use: every handler imports the warmer module, only the warmer function invokes.
 *
 * @example
 * const report = await warmFunctions(warmTargets(), lambdaInvoker());
 */
export function lambdaInvoker(env: NodeJS.ProcessEnv = process.env): FunctionInvoker {
  return {
    async invoke(target: WarmTarget, payload: WarmingEvent): Promise<unknown> {
      const functionName = env[target.nameEnvVar];
      if (!functionName) throw new WarmTargetNotConfiguredError(`${target.nameEnvVar} is not set: the warmer cannot reach ${target.id}`);
      const { InvokeCommand, LambdaClient: Client } = await import('@aws-sdk/client-lambda');
      client ??= new Client({});
      const result = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
      const text = result.Payload ? new TextDecoder().decode(result.Payload) : '';
      if (result.FunctionError)
        throw new WarmInvocationError(`${target.id} failed while warming: ${result.FunctionError} ${text.slice(0, 200)}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}
