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
  readonly nextCursor: string | null;
}
