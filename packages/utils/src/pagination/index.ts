export { PAGE_SIZE } from './constants';
export { type CursorCodec, createCursorCodec, cursorCodec, cursorSecret, MAX_CURSOR_LENGTH } from './cursor';
export { InvalidCursorError } from './errors';
export { type Page, pageSizeSchema } from './pageSize';
