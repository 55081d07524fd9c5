export { MAX_CURSOR_LENGTH, PAGE_SIZE } from './constants';
export { type CursorCodec, createCursorCodec, cursorCodec, cursorSecret } from './cursor';
export { InvalidCursorError } from './errors';
export { type Page, pageSizeSchema } from './pageSize';
export { startKeySchema } from './startKey';
