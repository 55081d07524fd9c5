/**
 * The L2/L3 wire format: `<freshUntil>:<kind><payload>`. `freshUntil` is epoch ms (0 = no
 * expiry) so a reader knows the remaining life without a PTTL round trip, and can tell a stale
 * value (within grace) from a fresh one. Kinds: `j` JSON value, `u` cached undefined (negative),
 * `n` cached not-found (payload: the message).
 */

export const KIND_VALUE = 0;
export const KIND_UNDEFINED = 1;
export const KIND_NOT_FOUND = 2;
export type EntryKind = typeof KIND_VALUE | typeof KIND_UNDEFINED | typeof KIND_NOT_FOUND;

/** A decoded entry (one allocation per decode). */
export interface DecodedEntry {
  readonly value: unknown;
  readonly kind: EntryKind;
  /** Epoch ms; `Infinity` for no expiry. */
  readonly freshUntil: number;
}

const COLON = 58;
const K_JSON = 106; // j
const K_UNDEFINED = 117; // u

export function encode(value: unknown, kind: EntryKind, freshUntil: number): string {
  const head = freshUntil === Number.POSITIVE_INFINITY ? '0' : String(freshUntil);
  if (kind === KIND_VALUE) return `${head}:j${JSON.stringify(value)}`;
  if (kind === KIND_UNDEFINED) return `${head}:u`;
  return `${head}:n${String(value)}`;
}

/** Decodes a stored string; `undefined` when it is not in this format (foreign or corrupt data). */
export function decode(raw: string): DecodedEntry | undefined {
  let index = 0;
  let freshUntil = 0;
  // Hand-rolled integer parse: no slice, no Number() on the hot path.
  for (let code = raw.charCodeAt(0); code !== COLON; code = raw.charCodeAt(++index)) {
    if (code < 48 || code > 57) return undefined;
    freshUntil = freshUntil * 10 + (code - 48);
  }
  const kindCode = raw.charCodeAt(index + 1);
  const until = freshUntil === 0 ? Number.POSITIVE_INFINITY : freshUntil;
  if (kindCode === K_JSON) {
    try {
      return { value: JSON.parse(raw.slice(index + 2)), kind: KIND_VALUE, freshUntil: until };
    } catch {
      return undefined;
    }
  }
  if (kindCode === K_UNDEFINED) return { value: undefined, kind: KIND_UNDEFINED, freshUntil: until };
  return { value: raw.slice(index + 2), kind: KIND_NOT_FOUND, freshUntil: until };
}
