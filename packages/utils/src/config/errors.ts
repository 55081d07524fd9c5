import { RoadcallError } from '../errors';

/** A required env var is missing or invalid. The message names every offending variable. */
export class ConfigError extends RoadcallError {
  readonly code = 'CONFIGURATION_ERROR';
  readonly httpStatus = 500;
  /** The env var names at fault. */
  readonly variables: ReadonlyArray<string>;

  constructor(message: string, variables: ReadonlyArray<string>) {
    super(message);
    this.variables = variables;
  }
}
