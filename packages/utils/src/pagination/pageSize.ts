import * as z from 'zod/mini';
import { PAGE_SIZE } from './constants';

/**
 * The `limit` query parameter every list route accepts: an integer from 10 to 100, 50 when absent.
 * Out-of-range values are a 400 (not silently clamped), so clients learn the contract.
 */
export const pageSizeSchema = z._default(
  z.coerce.number().check(z.int(), z.minimum(PAGE_SIZE.min), z.maximum(PAGE_SIZE.max)),
  PAGE_SIZE.default,
);

/** A page of results and, when there is more, the cursor of the next one. */
export interface Page<T> {
  readonly items: ReadonlyArray<T>;
  /** Pass it back as `?cursor=` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
  /**
   * True exactly when `nextCursor` is set, so a client can loop on one boolean. A list read from
   * DynamoDB stops where its read limit stops: when a page ends exactly at the last item, the page
   * after it is empty (with `hasMore: false`).
   */
  readonly hasMore: boolean;
}

/**
 * Builds a page: `hasMore` follows from the cursor, so the two can never disagree.
 *
 * @example
 * return toPage(items.map(toView), lastKey ? codec.encode(lastKey) : null);
 */
export function toPage<T>(items: ReadonlyArray<T>, nextCursor: string | null): Page<T> {
  return { items, nextCursor, hasMore: nextCursor !== null };
}
