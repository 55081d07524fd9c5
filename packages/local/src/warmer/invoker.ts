import { allFunctions, type FunctionDefinition, type WarmTarget } from '@roadcall/contracts';
import type { FunctionInvoker, WarmingEvent } from '@roadcall/utils/warmer';
import { lambdaContext } from '../api/event';
import type { HandlerResolver } from '../handlers';

/**
 * The warmer's invoker locally: calls the handler in-process, as Lambda Invoke would call it in
 * AWS. One process is one "container" per function here, so only the first run answers cold.
 */
export function localInvoker(resolve: HandlerResolver, functions: ReadonlyArray<FunctionDefinition> = allFunctions()): FunctionInvoker {
  const byId = new Map(functions.map((fn) => [fn.id, fn]));
  return {
    async invoke(target: WarmTarget, payload: WarmingEvent): Promise<unknown> {
      const fn = byId.get(target.id);
      if (!fn) throw new Error(`No function "${target.id}" in the contracts`);
      const context = lambdaContext(`roadcall-local-${fn.id}`, fn.timeoutSeconds ?? 30, fn.memoryMb ?? 1024);
      return resolve(fn)(payload as never, context);
    },
  };
}
