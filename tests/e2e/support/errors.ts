/** The target stack could not be prepared or started; the message says what to do. */
export class E2eStackError extends Error {
  override readonly name = 'E2eStackError';
}

/** A bounded poll ran out before its condition held. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}
