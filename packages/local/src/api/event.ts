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

function headerMaps(rawHeaders: ReadonlyArray<string>): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    const value = rawHeaders[index + 1] as string;
    headers[name] = value; // last one wins, as in API Gateway REST
    const values = multiValueHeaders[name] ?? [];
    values.push(value);
    multiValueHeaders[name] = values;
  }
  return { headers, multiValueHeaders };
}

function queryMaps(url: URL): {
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
} {
  if ([...url.searchParams.keys()].length === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    single[key] = value;
    const values = multi[key] ?? [];
    values.push(value);
    multi[key] = values;
  }
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
