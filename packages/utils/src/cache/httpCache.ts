import { createHash } from 'node:crypto';
import type { RouteContract } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { AuthContext } from '../auth';
import { queryObject } from '../http/request';
import { getCache } from './createCache';
import { httpCacheKey, httpCacheVariesByUser } from './httpKey';
import type { CacheSource } from './types';

/** What the middleware needs from a request (the handler wrapper has all of it). */
export interface HttpCacheRequest {
  readonly route: RouteContract;
  readonly event: Pick<APIGatewayProxyEvent, 'httpMethod' | 'pathParameters' | 'queryStringParameters' | 'multiValueQueryStringParameters'>;
  readonly auth: AuthContext | undefined;
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A cached 200 response: body bytes, its ETag, and the headers the handler set. */
interface StoredResponse {
  readonly b: string;
  readonly e: string;
  readonly h: Record<string, string>;
}

/** A response the cache must not keep (anything but 200); it travels out of getOrSet as an error. */
class Uncacheable {
  constructor(readonly response: APIGatewayProxyResult) {}
}

/** Headers that belong to one request and are never replayed from the cache. */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'x-cache', 'etag', 'cache-control', 'vary', 'set-cookie']);

function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison (RFC 9110): W/ prefixes are ignored.
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

function withCacheHeader(response: APIGatewayProxyResult, xCache: CacheSource | 'BYPASS'): APIGatewayProxyResult {
  return { ...response, headers: { ...response.headers, 'X-Cache': xCache } };
}

/** A response computed past the cache: BYPASS, with its ETag, and a 304 when the client's copy is still current. */
function revalidated(response: APIGatewayProxyResult, ifNoneMatch: string | undefined): APIGatewayProxyResult {
  const bypass = withCacheHeader(response, 'BYPASS');
  if (response.statusCode !== 200) return bypass;
  const etag = etagOf(response.body);
  const headers = { ...bypass.headers, ETag: etag };
  return matchesEtag(ifNoneMatch, etag) ? { statusCode: 304, headers, body: '' } : { ...bypass, headers };
}

function requestSaysNoCache(headers: Readonly<Record<string, string>>): boolean {
  const directives = `${headers['cache-control'] ?? ''},${headers.pragma ?? ''}`.toLowerCase();
  return directives.includes('no-cache') || directives.includes('no-store');
}

/**
 * The HTTP cache middleware, driven by the route's contract policy (`RouteContract.cache`): GET
 * 200 responses are kept in the policy's namespace (its TTL and tiers) under {@link httpCacheKey}:
 * the route template with its path parameters, the sorted query (`varyByQuery`) and, for
 * `varyByUser` routes or per-user namespaces, the caller's tenant and user id, so no caller can be
 * served another's entry. Answers carry
 * `X-Cache` (HIT-L1 | HIT-L2 | HIT-L3 | MISS | BYPASS), `Cache-Control` (`public` only on
 * routes whose contract `auth` is `public`, else `private`) and an `ETag`; a matching
 * `If-None-Match` gets a 304. A request with `Cache-Control: no-cache` bypasses the cache.
 *
 * @example
 * return route.cache ? httpCache({ route, event, auth, headers }, run) : run();
 */
export async function httpCache(request: HttpCacheRequest, respond: () => Promise<APIGatewayProxyResult>): Promise<APIGatewayProxyResult> {
  const { route, event, auth, headers } = request;
  const policy = route.cache;
  if (!policy) return respond();
  if ((event.httpMethod ?? route.method) !== 'GET') return withCacheHeader(await respond(), 'BYPASS');
  // fetch() adds `Cache-Control: no-cache` to every request carrying If-None-Match (Fetch standard,
  // HTTP-network-or-cache fetch): skip the stored entry, but still validate against the fresh body.
  if (requestSaysNoCache(headers)) return revalidated(await respond(), headers['if-none-match']);

  const cache = getCache(policy.namespace);
  const varyByUser = httpCacheVariesByUser(policy) || cache.perUser;
  // A per-user response with no identity to scope it by is never cached.
  if (varyByUser && !auth) return withCacheHeader(await respond(), 'BYPASS');
  const key = httpCacheKey(route, {
    pathParameters: event.pathParameters,
    query: policy.varyByQuery ? queryOf(event) : undefined,
    auth,
  });

  let result: Awaited<ReturnType<typeof cache.getOrSetEntry<StoredResponse>>>;
  try {
    result = await cache.getOrSetEntry<StoredResponse>(key, async () => {
      const response = await respond();
      if (response.statusCode !== 200) throw new Uncacheable(response);
      const kept: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers ?? {})) {
        if (!PER_REQUEST_HEADERS.has(name.toLowerCase())) kept[name] = String(value);
      }
      return { b: response.body, e: etagOf(response.body), h: kept };
    });
  } catch (error) {
    if (error instanceof Uncacheable) return withCacheHeader(error.response, 'MISS');
    throw error;
  }

  const stored = result.value;
  // Only a public route's answer may sit in a shared cache (CDN, proxy): an authenticated response,
  // even one shared by all callers here, must not be served by them to a caller without a token.
  const visibility = route.auth === 'public' && !varyByUser ? 'public' : 'private';
  const remaining = Number.isFinite(result.expiresAt) ? Math.max(0, Math.floor((result.expiresAt - Date.now()) / 1000)) : 0;
  const responseHeaders: Record<string, string> = {
    ...stored.h,
    'X-Cache': result.source,
    ETag: stored.e,
    // No-expiry namespaces are invalidated on update: clients must revalidate (cheap with the ETag).
    'Cache-Control': `${visibility}, ${Number.isFinite(result.expiresAt) ? `max-age=${remaining}` : 'no-cache'}`,
  };
  if (varyByUser) responseHeaders.Vary = 'Authorization';
  if (matchesEtag(headers['if-none-match'], stored.e)) return { statusCode: 304, headers: responseHeaders, body: '' };
  return { statusCode: 200, headers: responseHeaders, body: stored.b };
}

/** Query parameters as the key sees them (repeated keys keep every value). */
function queryOf(event: HttpCacheRequest['event']): Record<string, string | string[]> {
  return queryObject(event);
}
