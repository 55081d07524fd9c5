import type { GateService } from './types';

/** Base class of the IAM gate's errors. */
export class IamGateError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'IamGateError';
  }
}

/** The gate was configured wrongly (duplicate access key, no principals...): a programming error. */
export class GateConfigError extends IamGateError {
  constructor(message: string) {
    super(message);
    this.name = 'GateConfigError';
  }
}

/**
 * A request the gate refuses before any policy is read: unsigned, unknown key, bad signature,
 * unreadable body. `code` is the error code the service itself answers in that case.
 */
export class GateRequestError extends IamGateError {
  constructor(
    readonly service: GateService | undefined,
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GateRequestError';
  }
}
