import { isRoadcallError } from '../errors';

/**
 * What an invocable function answers: its value, or the typed error it refused with (an
 * unexpected failure is thrown instead, so Lambda reports a function error and the caller a 503).
 */
export type InvokeReply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: string; readonly httpStatus: number; readonly message: string } };

/**
 * Runs an invocable function's body: a typed error below 500 becomes a refusal the caller rethrows
 * as a {@link RemoteFunctionError}; anything else propagates (a function error).
 *
 * @example
 * export const handler = (event: unknown) => invokeReply(() => service.apply(parse(event)));
 */
export async function invokeReply<T>(run: () => Promise<T>): Promise<InvokeReply<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (isRoadcallError(error) && error.httpStatus < 500)
      return { ok: false, error: { code: error.code, httpStatus: error.httpStatus, message: error.message } };
    throw error;
  }
}
