import { DependencyUnavailableError, ValidationError } from '../errors';

/** SES refused or could not be reached; the caller may retry. */
export class EmailSendError extends DependencyUnavailableError {
  constructor(message: string, cause?: unknown) {
    super('ses', message, { cause });
  }
}

/** The recipient is not one email address (SES would refuse it; a CR/LF or list could inject headers). Never retried. */
export class InvalidRecipientError extends ValidationError {
  override readonly code = 'INVALID_RECIPIENT';
}
