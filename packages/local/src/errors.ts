/** The local stack could not start an engine; the message says what to install or set. */
export class EngineStartError extends Error {
  constructor(
    readonly engine: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${engine}: ${message}`, options);
    this.name = 'EngineStartError';
  }
}
