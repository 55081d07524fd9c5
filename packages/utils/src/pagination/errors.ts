import { ValidationError } from '../errors';

/** 400: a pagination cursor that was not issued by us, was altered, expired, or belongs elsewhere. */
export class InvalidCursorError extends ValidationError {
  override readonly code = 'INVALID_CURSOR';
}
