import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/**
 * The cache key of a request as API Gateway builds it: the method, the resource path (the
 * template, not the request path) and the values of exactly the integration's
 * CacheKeyParameters (`method.request.querystring.q`, `.header.X`, `.path.id`,
 * `.multivaluequerystring.q`, `.multivalueheader.X`). What is not listed is not in the key.
 */
export function cacheKey(method: string, resourcePath: string, parameters: ReadonlyArray<string>, event: APIGatewayProxyEvent): string {
  const lowerHeaders = Object.fromEntries(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const lowerMulti = Object.fromEntries(Object.entries(event.multiValueHeaders ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const values = [...parameters].sort().map((parameter) => {
    const [, , kind, ...rest] = parameter.split('.');
    const name = rest.join('.');
    switch (kind) {
      case 'querystring':
        return [parameter, event.queryStringParameters?.[name] ?? null];
      case 'multivaluequerystring':
        return [parameter, event.multiValueQueryStringParameters?.[name] ?? null];
      case 'header':
        return [parameter, lowerHeaders[name.toLowerCase()] ?? null];
      case 'multivalueheader':
        return [parameter, lowerMulti[name.toLowerCase()] ?? null];
      case 'path':
        return [parameter, event.pathParameters?.[name] ?? null];
      default:
        return [parameter, null];
    }
  });
  return JSON.stringify([method, resourcePath, values]);
}

/** The stage's response cache: entries live for their method's TTL. */
export class ResponseCache {
  readonly #entries = new Map<string, { expires: number; result: APIGatewayProxyResult }>();

  get(key: string): APIGatewayProxyResult | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  set(key: string, result: APIGatewayProxyResult, ttlSeconds: number): void {
    this.#entries.set(key, { expires: Date.now() + ttlSeconds * 1000, result });
  }

  get size(): number {
    return this.#entries.size;
  }
}
