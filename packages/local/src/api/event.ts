import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { RouteMatch, RoutePattern } from './router';

/** Content types delivered base64-encoded (the API's binary media types). */
const BINARY_MEDIA_TYPES = [/^application\/octet-stream/, /^image\//, /^application\/pdf/, /^multipart\/form-data/, /^application\/zip/];

export function isBinaryContentType(contentType: string | undefined): boolean {
  return Boolean(contentType && BINARY_MEDIA_TYPES.some((pattern) => pattern.test(contentType)));
}

export interface RawRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** Header names in the casing the client sent (API Gateway keeps it). */
  readonly rawHeaders: ReadonlyArray<string>;
  readonly body: Buffer;
  readonly sourceIp: string;
}

/**
 * Collects name -> values in a Map and returns plain objects with own properties only: a name such
 * as `__proto__`, `constructor` or `toString` is just a name (indexing a plain object with it would
 * find Object.prototype's members, and `obj.__proto__ = x` would not even set a property).
 */
function ownMaps(pairs: Iterable<readonly [string, string]>): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const all = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const values = all.get(name);
    if (values) values.push(value);
    else all.set(name, [value]);
  }
  // Object.fromEntries defines own data properties, so `__proto__` stays a key like any other.
  return {
    single: Object.fromEntries([...all].map(([name, values]) => [name, values[values.length - 1] as string])), // last one wins, as in API Gateway REST
    multi: Object.fromEntries(all),
  };
}

function* headerPairs(rawHeaders: ReadonlyArray<string>): Iterable<readonly [string, string]> {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) yield [rawHeaders[index] as string, rawHeaders[index + 1] as string];
}

function headerMaps(rawHeaders: ReadonlyArray<string>): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const { single, multi } = ownMaps(headerPairs(rawHeaders));
  return { headers: single, multiValueHeaders: multi };
}

function queryMaps(url: URL): {
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
} {
  if (url.searchParams.size === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const { single, multi } = ownMaps(url.searchParams);
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

/**
 * The API Gateway REST (v1 proxy) event for a request: path parameters, multi-value query
 * strings and headers, base64 bodies for binary media types, and the authorizer's claims.
 */
export function toProxyEvent(
  request: RawRequest,
  match: RouteMatch<RoutePattern>,
  stage: string,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEvent {
  const now = Date.now();
  const { headers, multiValueHeaders } = headerMaps(request.rawHeaders);
  const binary = isBinaryContentType(request.headers['content-type']);
  const body = request.body.length === 0 ? null : binary ? request.body.toString('base64') : request.body.toString('utf8');
  const requestId = randomUUID();
  return {
    resource: match.route.path,
    path: request.url.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    ...queryMaps(request.url),
    pathParameters: match.pathParameters,
    stageVariables: null,
    body,
    isBase64Encoded: binary && body !== null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: claims ? { claims, principalId: claims.sub } : null,
      domainName: request.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      httpMethod: request.method,
      identity: {
        sourceIp: request.sourceIp,
        userAgent: request.headers['user-agent'] ?? null,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
      path: `/${stage}${request.url.pathname}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: match.route.path,
      stage,
    },
  } as APIGatewayProxyEvent;
}

/** A Lambda context for one invocation of a function. */
export function lambdaContext(functionName: string, timeoutSeconds: number, memoryMb: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${awsRequestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
