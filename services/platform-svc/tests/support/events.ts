import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

/** An API Gateway REST event with the authorizer claims of the given role (none: anonymous). */
export function apiEvent(options: {
  method?: string;
  path?: string;
  role?: 'admin' | 'driver' | 'vendor';
  query?: Record<string, string>;
  body?: unknown;
}): APIGatewayProxyEvent {
  const claims = options.role ? { sub: `user-${options.role}`, 'cognito:groups': options.role } : undefined;
  return {
    httpMethod: options.method ?? 'GET',
    path: options.path ?? '/',
    headers: { 'content-type': 'application/json' },
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: { requestId: `req-${Math.random().toString(36).slice(2)}`, authorizer: claims ? { claims } : undefined },
  } as unknown as APIGatewayProxyEvent;
}

/** Calls a handler and parses its JSON answer. */
export async function call<T = Record<string, unknown>>(
  handler: Handler,
  event: APIGatewayProxyEvent,
): Promise<{ status: number; body: T }> {
  const result = (await handler(event, { functionName: 'test', awsRequestId: 'a' } as Context)) as APIGatewayProxyResult;
  return { status: result.statusCode, body: (result.body ? JSON.parse(result.body) : undefined) as T };
}
