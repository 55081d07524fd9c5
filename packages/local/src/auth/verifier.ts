import { verifyLocalToken } from './tokens';

/**
 * How long a verified token's claims are reused: API Gateway's default authorizer result cache
 * TTL (300 s). A token is never reused past its own expiry.
 */
export const AUTHORIZER_CACHE_TTL_MS = 300_000;
/** Tokens remembered at most (oldest dropped first): a bound on memory whatever the clients send. */
export const AUTHORIZER_CACHE_MAX_ENTRIES = 10_000;

interface Verified {
  readonly claims: Readonly<Record<string, string>>;
  readonly until: number;
}

/**
 * Verifies local bearer tokens like API Gateway's authorizer: the signature, issuer, audience and
 * expiry once, then the claims from a cache until the TTL or the token's expiry, whichever is
 * first (verifying HS256 with jose costs more than a cached route's whole answer). Failures are
 * not cached: a bad token is checked again each time and always rejected.
 *
 * @example
 * const verify = cachedTokenVerifier(secret);
 * const claims = await verify(token); // throws on an invalid or expired token
 */
export function cachedTokenVerifier(
  secret: string,
  options: { readonly now?: () => number; readonly verify?: typeof verifyLocalToken } = {},
): (token: string) => Promise<Record<string, string>> {
  const now = options.now ?? Date.now;
  const verifyToken = options.verify ?? verifyLocalToken;
  const verified = new Map<string, Verified>();
  return async (token) => {
    const at = now();
    const hit = verified.get(token);
    if (hit && at < hit.until) return { ...hit.claims };
    if (hit) verified.delete(token);
    const claims = await verifyToken(token, secret);
    const exp = Number(claims.exp);
    const until = Math.min(at + AUTHORIZER_CACHE_TTL_MS, Number.isFinite(exp) ? exp * 1000 : at);
    if (verified.size >= AUTHORIZER_CACHE_MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
    verified.set(token, { claims, until });
    return { ...claims };
  };
}
