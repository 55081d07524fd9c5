export { CURSOR_MAX_AGE_SECONDS, PAGE_SIZE } from './constants';
export { type CursorOptions, type CursorPayload, decodeCursor, encodeCursor } from './cursor';
export { InvalidCursorError } from './errors';
export { type Page, pageSizeSchema } from './pageSize';
