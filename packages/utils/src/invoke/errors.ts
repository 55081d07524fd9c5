import { RoadcallError, type RoadcallErrorOptions } from '../errors';

/** The called function's physical name is not configured (`FUNCTION_NAME_<ID>` unset: a contract or CDK wiring gap). */
export class InvokeTargetNotConfiguredError extends RoadcallError {
  readonly code = 'INVOKE_TARGET_NOT_CONFIGURED';
  readonly httpStatus = 500;
}

/**
 * The called function refused the request with a typed error (a 4xx of the owner's domain, e.g. a
 * vendor at capacity): carried over with its code and status, so the caller's wrapper answers as
 * the owner would have.
 */
export class RemoteFunctionError extends RoadcallError {
  readonly code: string;
  readonly httpStatus: number;

  constructor(code: string, httpStatus: number, message: string, options: RoadcallErrorOptions = {}) {
    super(message, options);
    this.code = code;
    this.httpStatus = httpStatus;
  }
}
