import { cursorCodec, InvalidCursorError } from '@roadcall/utils/pagination';

/** Cursor scope of the vendors listing: a cursor from another listing is refused (400). */
const SCOPE = 'vendors.list';

/** Signs the table key the next page starts after. */
export async function encodeListCursor(lastKey: string): Promise<string> {
  return (await cursorCodec(SCOPE)).encode({ k: lastKey });
}

/** The table key a cursor carries; 400 when it was altered or issued for another listing. */
export async function decodeListCursor(cursor: string): Promise<string> {
  const { k } = (await cursorCodec(SCOPE)).decode<{ k: unknown }>(cursor);
  if (typeof k !== 'string') throw new InvalidCursorError('The cursor is invalid or was altered');
  return k;
}
