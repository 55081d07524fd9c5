import type { RouteContract } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** A route contract for wrapper tests. */
export function fixtureRoute(overrides: Partial<RouteContract> = {}): RouteContract {
  return {
    id: 'platform.fixture',
    method: 'POST',
    path: '/fixtures/{id}',
    summary: 'test fixture',
    service: 'platform',
    handler: 'fixture',
    auth: 'user',
    ...overrides,
  };
}

/** An API Gateway REST proxy event with the fields the wrapper reads. */
export function proxyEvent(overrides: Partial<APIGatewayProxyEvent> & { claims?: Record<string, string> } = {}): APIGatewayProxyEvent {
  const { claims, ...rest } = overrides;
  return {
    resource: '/fixtures/{id}',
    path: '/fixtures/1',
    httpMethod: 'POST',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { id: '1' },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', authorizer: claims ? { claims } : null } as unknown as APIGatewayProxyEvent['requestContext'],
    ...rest,
  };
}

export const context = { awsRequestId: 'aws-req-1', functionName: 'fixture' } as Context;

export const driverClaims = { sub: 'user-1', email: 'd@example.com', 'cognito:groups': 'driver' };
export const adminClaims = { sub: 'admin-1', 'cognito:groups': '[admin]' };
