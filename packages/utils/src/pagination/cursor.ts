import { createHmac, timingSafeEqual } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { ConfigError } from '../config';
import { type Schema, safeParse } from '../schema';
import { secrets } from '../secrets';
import { MAX_CURSOR_LENGTH } from './constants';
import { InvalidCursorError } from './errors';

export { MAX_CURSOR_LENGTH };

/** Cursor format version: the first segment, so the format can change without misreading old cursors. */
const VERSION = 'v1';

/** Signs and verifies opaque pagination cursors. */
export interface CursorCodec {
  /** An opaque, URL-safe token carrying `payload`, signed with the key. */
  encode(payload: Record<string, unknown>): string;
  /**
   * The payload of a token this codec issued; {@link InvalidCursorError} (400) for anything else.
   * With a `schema`, a payload that does not match it is a 400 too (a cursor of an older format,
   * or one signed with a leaked key): callers pass one whenever the payload reaches a database.
   */
  decode<T extends Record<string, unknown> = Record<string, unknown>>(token: string, schema?: Schema<T>): T;
}

/**
 * A cursor codec over an HMAC-SHA256 key: `v1.<base64url JSON>.<base64url MAC>`. A client can read
 * nothing useful and change nothing without the key; `scope` binds a cursor to one query (e.g.
 * `payments:list:<userId>`), so a cursor from one listing is rejected by another.
 *
 * @example
 * const codec = createCursorCodec(secret, 'payments:list:user-1');
 * const next = codec.encode({ createdAt: row.created_at, id: row.id });
 * const { createdAt, id } = codec.decode<{ createdAt: string; id: string }>(next);
 */
export function createCursorCodec(secret: string, scope = ''): CursorCodec {
  if (!secret) throw new ConfigError(`${ENV.cursorSecret} is empty`, [ENV.cursorSecret]);
  const mac = (body: string): Buffer => createHmac('sha256', secret).update(`${VERSION}.${scope}.${body}`).digest();
  return {
    encode(payload) {
      const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
      return `${VERSION}.${body}.${mac(body).toString('base64url')}`;
    },
    decode<T extends Record<string, unknown>>(token: string, schema?: Schema<T>): T {
      const invalid = (): never => {
        throw new InvalidCursorError('The cursor is invalid or was altered', {
          details: [{ in: 'query', field: 'cursor', message: 'invalid cursor' }],
        });
      };
      if (typeof token !== 'string' || token.length > MAX_CURSOR_LENGTH) invalid();
      const [version, body, signature, extra] = token.split('.');
      if (version !== VERSION || !body || !signature || extra !== undefined) return invalid();
      const expected = mac(body);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid();
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      } catch {
        return invalid();
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return invalid();
      if (!schema) return payload as T;
      const parsed = safeParse(schema, payload);
      return parsed.success ? (parsed.data as T) : invalid();
    },
  };
}

/**
 * The signing key: CURSOR_SECRET (locally and in tests), else the Secrets Manager secret named by
 * CURSOR_SECRET_ARN (in AWS; cached per container).
 */
export async function cursorSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const direct = env[ENV.cursorSecret];
  if (direct) return direct;
  const arn = env[ENV.cursorSecretArn];
  if (arn) return secrets().get(arn);
  throw new ConfigError(`${ENV.cursorSecret} or ${ENV.cursorSecretArn} is required (the key that signs pagination cursors)`, [
    ENV.cursorSecret,
    ENV.cursorSecretArn,
  ]);
}

/**
 * The codec for one query scope with the configured key.
 *
 * @example
 * const codec = await cursorCodec(`payments:list:${auth.userId}`);
 */
export async function cursorCodec(scope = ''): Promise<CursorCodec> {
  return createCursorCodec(await cursorSecret(), scope);
}
