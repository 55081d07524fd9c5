import { ValidationError } from '@roadcall/utils';

/** A `Last-Event-ID` (or `?lastEventId`) this channel never issued: 400 INVALID_LAST_EVENT_ID. */
export class InvalidLastEventIdError extends ValidationError {
  override readonly code = 'INVALID_LAST_EVENT_ID';
}
