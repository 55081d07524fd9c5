import { createHmac, timingSafeEqual } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { ConfigError } from '../config';
import { CURSOR_MAX_AGE_SECONDS } from './constants';
import { InvalidCursorError } from './errors';

/** What a cursor carries: the store's resume key (e.g. DynamoDB's LastEvaluatedKey) and its scope. */
export interface CursorPayload<K = unknown> {
  /** Where the next page starts. */
  readonly key: K;
  /**
   * What the cursor is valid for (route and caller, e.g. `jobs.list:user-1:status=queued`): a
   * cursor issued to one user or for one query cannot be replayed by another.
   */
  readonly scope: string;
}

export interface CursorOptions {
  /** Signing key; defaults to CURSOR_SECRET. */
  readonly secret?: string;
  /** Clock (seconds) for tests. */
  readonly now?: () => number;
  readonly maxAgeSeconds?: number;
}

function secretOf(options: CursorOptions): string {
  const secret = options.secret ?? process.env[ENV.cursorSecret];
  if (!secret) throw new ConfigError(`${ENV.cursorSecret} is required to sign pagination cursors`, [ENV.cursorSecret]);
  return secret;
}

function sign(body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/**
 * An opaque, signed cursor: `base64url(json).base64url(hmac-sha256)`. The client can neither read
 * a meaningful structure out of it nor forge or edit one (the MAC covers the key, scope and time).
 *
 * @example
 * const cursor = encodeCursor({ key: page.LastEvaluatedKey, scope: `jobs.list:${userId}` });
 */
export function encodeCursor<K>(payload: CursorPayload<K>, options: CursorOptions = {}): string {
  const now = options.now?.() ?? Math.floor(Date.now() / 1000);
  const body = Buffer.from(JSON.stringify({ k: payload.key, s: payload.scope, t: now })).toString('base64url');
  return `${body}.${sign(body, secretOf(options)).toString('base64url')}`;
}

/**
 * Verifies and opens a cursor. Anything but an untouched cursor we issued for this scope within
 * its lifetime is an {@link InvalidCursorError} (400), never a 500.
 *
 * @example
 * const start = query.cursor ? decodeCursor<Record<string, unknown>>(query.cursor, `jobs.list:${userId}`) : undefined;
 */
export function decodeCursor<K = unknown>(cursor: string, scope: string, options: CursorOptions = {}): K {
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined) throw new InvalidCursorError('The cursor is malformed');
  const expected = sign(body, secretOf(options));
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError('The cursor is invalid');
  let parsed: { k?: unknown; s?: unknown; t?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof parsed;
  } catch (cause) {
    throw new InvalidCursorError('The cursor is malformed', { cause });
  }
  if (parsed.s !== scope) throw new InvalidCursorError('The cursor does not belong to this query');
  const now = options.now?.() ?? Math.floor(Date.now() / 1000);
  if (typeof parsed.t !== 'number' || now - parsed.t > (options.maxAgeSeconds ?? CURSOR_MAX_AGE_SECONDS)) {
    throw new InvalidCursorError('The cursor has expired');
  }
  return parsed.k as K;
}
