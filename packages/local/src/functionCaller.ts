import { allFunctions, type FunctionDefinition } from '@roadcall/contracts';
import type { FunctionCaller } from '@roadcall/utils/invoke';
import { lambdaContext } from './api/event';
import type { HandlerResolver } from './handlers';

/**
 * How functions call each other's invocable functions locally (`pnpm dev`, tests, benches): the
 * handler in-process, as Lambda Invoke would run it in AWS. The payload goes through JSON both ways,
 * as over the wire, so nothing passes that Lambda would not carry.
 *
 * @example
 * setFunctionCaller(localFunctionCaller(moduleResolver()));
 */
export function localFunctionCaller(
  resolve: HandlerResolver,
  functions: ReadonlyArray<FunctionDefinition> = allFunctions(),
): FunctionCaller {
  const byId = new Map(functions.map((fn) => [fn.id, fn]));
  return {
    async call(functionId: string, payload: unknown): Promise<unknown> {
      const fn = byId.get(functionId);
      if (!fn) throw new Error(`No function "${functionId}" in the contracts`);
      const context = lambdaContext(`roadcall-local-${fn.id}`, fn.timeoutSeconds ?? 30, fn.memoryMb ?? 1024);
      const answer = await resolve(fn)(JSON.parse(JSON.stringify(payload ?? null)) as never, context);
      return answer === undefined ? undefined : JSON.parse(JSON.stringify(answer));
    },
  };
}
