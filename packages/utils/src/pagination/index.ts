export { MAX_CURSOR_LENGTH, PAGE_SIZE } from './constants';
export { type CursorCodec, createCursorCodec, cursorCodec, cursorSecret } from './cursor';
export { InvalidCursorError } from './errors';
export { type Page, pageSizeSchema, toPage } from './pageSize';
export { startKeySchema } from './startKey';
