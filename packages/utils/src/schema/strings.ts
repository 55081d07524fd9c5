import * as z from 'zod/mini';

/** True when the text has no NUL character (PostgreSQL `text` cannot hold `\u0000`). */
export const hasNoNul = (text: string): boolean => !text.includes('\u0000');

/**
 * A zod check refusing `\u0000` in a string that goes to PostgreSQL: its text types cannot store
 * NUL, so the insert would fail (a 500) instead of the request failing validation (a 400).
 *
 * @example
 * const description = z.string().check(z.maxLength(500), noNulBytes());
 */
export const noNulBytes = (): z.core.$ZodCheck<string> => z.refine(hasNoNul, 'must not contain the NUL character (\\u0000)');
