/**
 * Synchronous calls into another service's invocable function (contracts `INVOCABLES`): Lambda
 * Invoke with RequestResponse in AWS and in the cloud runtime (through its IAM gate), the handler
 * in-process under `pnpm dev` and in tests (the local stack installs that invoker).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { functionNameEnvVar, invocableOf } from '@roadcall/contracts';
import { DependencyUnavailableError, isRoadcallError } from '../errors';
import { InvokeTargetNotConfiguredError, RemoteFunctionError } from './errors';
import type { InvokeReply } from './protocol';

export { InvokeTargetNotConfiguredError, RemoteFunctionError } from './errors';
export { type InvokeReply, invokeReply } from './protocol';

/** Calls a function by id with a payload and returns its raw answer. */
export interface FunctionCaller {
  call(functionId: string, payload: unknown): Promise<unknown>;
}

const REGISTRY = Symbol.for('roadcall.invoke.caller');
type Registry = { [REGISTRY]?: FunctionCaller };

/**
 * Installs how {@link invokeFunction} reaches functions (the local stack: in-process; nothing in
 * AWS, where Lambda Invoke is the default). Kept on globalThis so every copy of this module sees it.
 */
export function setFunctionCaller(caller: FunctionCaller | undefined): void {
  (globalThis as Registry)[REGISTRY] = caller;
}

let client: LambdaClient | undefined;

/** How long a caller waits for a function that is not an invocable of the contracts (tests' own targets). */
export const DEFAULT_CALLER_WAIT_MS = 5_000;

/** The caller's wait for a function id: the contract's `callerWaitSeconds`. */
function callerWaitMs(functionId: string): number {
  const contract = invocableOf(functionId);
  return contract ? contract.callerWaitSeconds * 1000 : DEFAULT_CALLER_WAIT_MS;
}

/** A call that did not answer within the caller's wait (see `callerWaitSeconds`). */
class InvokeTimeoutError extends Error {
  override readonly name = 'InvokeTimeoutError';
}

/**
 * Settles with the call, or rejects once `ms` passed (aborting `signal`, which the SDK call takes:
 * a Lambda Invoke abandoned here stops its retries too).
 */
async function withinWait<T>(functionId: string, ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new InvokeTimeoutError(`${functionId} did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lambda Invoke (RequestResponse) of the function whose physical name CDK put in `FUNCTION_NAME_<ID>`. */
async function lambdaCall(
  functionId: string,
  payload: unknown,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<unknown> {
  const nameVar = functionNameEnvVar(functionId);
  const functionName = env[nameVar];
  if (!functionName) throw new InvokeTargetNotConfiguredError(`${nameVar} is not set: this function may not call ${functionId}`);
  const { InvokeCommand, LambdaClient: Client } = await import('@aws-sdk/client-lambda');
  client ??= new Client({});
  const result = await client.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
    { abortSignal: signal },
  );
  const text = result.Payload ? new TextDecoder().decode(result.Payload) : '';
  if (result.FunctionError) throw new Error(`${functionId} failed: ${result.FunctionError} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Calls an invocable function and returns its value. A typed refusal of the owner (4xx) is
 * rethrown as a {@link RemoteFunctionError} with the owner's code and status; a failure of the
 * function or of the call, or no answer within the contract's `callerWaitSeconds` (`waitMs`
 * overrides it), is a 503 (`DependencyUnavailableError`, the owner's service named).
 *
 * @example
 * const results = await invokeFunction<ItemResult[]>('vendors.applyChanges', { vendorIds, patch });
 */
export async function invokeFunction<T>(functionId: string, payload: unknown, options: { waitMs?: number } = {}): Promise<T> {
  const caller = (globalThis as Registry)[REGISTRY];
  let reply: InvokeReply<T>;
  try {
    reply = (await withinWait(functionId, options.waitMs ?? callerWaitMs(functionId), (signal) =>
      caller ? caller.call(functionId, payload) : lambdaCall(functionId, payload, signal),
    )) as InvokeReply<T>;
  } catch (error) {
    if (error instanceof InvokeTargetNotConfiguredError) throw error;
    if (isRoadcallError(error) && error.httpStatus < 500) throw error;
    throw new DependencyUnavailableError(functionId.split('.')[0] ?? functionId, `${functionId} is unavailable right now`, {
      cause: error,
    });
  }
  if (!reply || typeof reply !== 'object' || !('ok' in reply))
    throw new DependencyUnavailableError(functionId, `${functionId} gave no answer`);
  if (!reply.ok) throw new RemoteFunctionError(reply.error.code, reply.error.httpStatus, reply.error.message);
  return reply.value;
}
