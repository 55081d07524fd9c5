import { ValidationError } from '../errors';

/** 400: the cursor was not issued by us, was altered, or belongs to another query. */
export class InvalidCursorError extends ValidationError {
  override readonly code = 'INVALID_CURSOR';
}
