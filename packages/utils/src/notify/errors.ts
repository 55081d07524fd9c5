import { DependencyUnavailableError } from '../errors';

/** SES refused or could not be reached; the caller may retry. */
export class EmailSendError extends DependencyUnavailableError {
  constructor(message: string, cause?: unknown) {
    super('ses', message, { cause });
  }
}
