/** The cloud assembly cannot be read or served: the message says what is missing and how to fix it. */
export class AssemblyError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'AssemblyError';
  }
}

/** A CloudFormation intrinsic the local runtime cannot resolve (unknown resource, output or function). */
export class IntrinsicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntrinsicError';
  }
}

/**
 * The value points at a service with no local engine (DAX, AppSync, CloudFront...): the caller
 * drops what depends on it and says so, instead of handing a function an endpoint nobody serves.
 */
export class NotEmulatedError extends IntrinsicError {
  constructor(
    readonly resourceType: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotEmulatedError';
  }
}

/** Lambda's errors as the invoke API and the runtime report them. */
export class LambdaInvokeError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}
