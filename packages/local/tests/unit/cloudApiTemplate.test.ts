import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Router } from '../../src/api/router';
import { renderGatewayResponse } from '../../src/cloud/apiServer';
import { apisFromTemplates, effectiveSettings, type TemplateRoute } from '../../src/cloud/apiTemplate';
import { AssemblyModel } from '../../src/cloud/model';
import { cacheKey } from '../../src/cloud/responseCache';
import { TokenBucket } from '../../src/cloud/throttle';

const lambdaUri = (fn: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':apigateway:',
      { Ref: 'AWS::Region' },
      ':lambda:path/2015-03-31/functions/',
      { 'Fn::GetAtt': [fn, 'Arn'] },
      '/invocations',
    ],
  ],
});
const method = (resource: string, httpMethod: string, fn: string, extra: Record<string, unknown> = {}, auth = 'NONE') => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: {
    HttpMethod: httpMethod,
    AuthorizationType: auth,
    ResourceId: resource === 'root' ? { 'Fn::GetAtt': ['Api', 'RootResourceId'] } : { Ref: resource },
    RestApiId: { Ref: 'Api' },
    Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: lambdaUri(fn), ...extra },
  },
});

const model = new AssemblyModel({
  dir: '/tmp/none',
  stage: 'dev',
  stacks: [
    {
      name: 'App-dev-Api',
      template: {
        Resources: {
          Items: { Type: 'AWS::Lambda::Function' },
          Item: { Type: 'AWS::Lambda::Function' },
          Events: { Type: 'AWS::Lambda::Function' },
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'app-dev' } },
          ItemsRes: {
            Type: 'AWS::ApiGateway::Resource',
            Properties: { ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'items', RestApiId: { Ref: 'Api' } },
          },
          ItemRes: {
            Type: 'AWS::ApiGateway::Resource',
            Properties: { ParentId: { Ref: 'ItemsRes' }, PathPart: '{id}', RestApiId: { Ref: 'Api' } },
          },
          SearchRes: {
            Type: 'AWS::ApiGateway::Resource',
            Properties: { ParentId: { Ref: 'ItemsRes' }, PathPart: 'search', RestApiId: { Ref: 'Api' } },
          },
          EventsRes: {
            Type: 'AWS::ApiGateway::Resource',
            Properties: { ParentId: { Ref: 'ItemRes' }, PathPart: 'events', RestApiId: { Ref: 'Api' } },
          },
          ItemsGet: method('ItemsRes', 'GET', 'Items'),
          ItemsPost: method('ItemsRes', 'POST', 'Items', {}, 'COGNITO_USER_POOLS'),
          ItemGet: method('ItemRes', 'GET', 'Item', { CacheKeyParameters: ['method.request.path.id', 'method.request.querystring.lang'] }),
          SearchGet: method('SearchRes', 'GET', 'Items'),
          EventsGet: method('EventsRes', 'GET', 'Events', { ResponseTransferMode: 'STREAM', TimeoutInMillis: 330000 }),
          Unauthorized: {
            Type: 'AWS::ApiGateway::GatewayResponse',
            Properties: {
              RestApiId: { Ref: 'Api' },
              ResponseType: 'UNAUTHORIZED',
              StatusCode: '401',
              ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
              ResponseTemplates: {
                'application/json':
                  '{"error":{"code":"UNAUTHENTICATED","message":$context.error.messageString},"requestId":"$context.requestId"}',
              },
            },
          },
          Default5xx: {
            Type: 'AWS::ApiGateway::GatewayResponse',
            Properties: {
              RestApiId: { Ref: 'Api' },
              ResponseType: 'DEFAULT_5XX',
              ResponseTemplates: {
                'application/json': '{"error":{"code":"INTERNAL","message":$context.error.messageString},"requestId":"$context.requestId"}',
              },
            },
          },
          Stage: {
            Type: 'AWS::ApiGateway::Stage',
            Properties: {
              RestApiId: { Ref: 'Api' },
              StageName: 'dev',
              CacheClusterEnabled: true,
              MethodSettings: [
                { ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
                { ResourcePath: '/~1items~1{id}', HttpMethod: 'GET', CachingEnabled: true, CacheTtlInSeconds: 60 },
                { ResourcePath: '/~1items', HttpMethod: 'GET', ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 },
              ],
            },
          },
        },
      },
    },
  ],
});

describe('apisFromTemplates', () => {
  const [api] = apisFromTemplates(model);
  const find = (httpMethod: string, path: string): TemplateRoute | undefined =>
    api?.routes.find((route) => route.method === httpMethod && route.path === path);

  it('builds each method path from the ParentId chain, with its function, auth, streaming and timeout', () => {
    expect(api?.stageName).toBe('dev');
    expect(api?.routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      ['GET /items', 'POST /items', 'GET /items/{id}', 'GET /items/search', 'GET /items/{id}/events'].sort(),
    );
    expect(find('GET', '/items/{id}')?.functionName).toBe('App-dev-Api-Item');
    expect(find('POST', '/items')?.authorizationType).toBe('COGNITO_USER_POOLS');
    expect(find('GET', '/items/{id}/events')).toMatchObject({ stream: true, timeoutMs: 330000, functionName: 'App-dev-Api-Events' });
    expect(find('GET', '/items')).toMatchObject({ stream: false, timeoutMs: 29000 });
  });

  it('applies the stage method settings: cache only where enabled, the most specific throttling', () => {
    expect(find('GET', '/items/{id}')).toMatchObject({
      cacheTtlSeconds: 60,
      cacheKeyParameters: ['method.request.path.id', 'method.request.querystring.lang'],
    });
    expect(find('GET', '/items')?.cacheTtlSeconds).toBeUndefined();
    expect(find('GET', '/items/search')?.cacheTtlSeconds).toBeUndefined();
    expect(find('GET', '/items')?.throttle).toEqual({ rateLimit: 1, burstLimit: 2 });
    expect(find('POST', '/items')?.throttle).toEqual({ rateLimit: 50, burstLimit: 100 });
  });

  it('routes static segments before parameters, as API Gateway does', () => {
    const router = new Router<TemplateRoute>(api?.routes ?? []);
    const search = router.match('GET', '/items/search');
    expect(search.kind === 'match' && search.match.route.functionName).toBe('App-dev-Api-Items');
    const item = router.match('GET', '/items/42');
    expect(item.kind === 'match' && item.match.pathParameters).toEqual({ id: '42' });
    expect(router.match('DELETE', '/items/42').kind).toBe('method-not-allowed');
  });
});

describe('gateway responses', () => {
  const [api] = apisFromTemplates(model);
  const responses = api?.gatewayResponses ?? new Map();

  it("render the template's own error body: its status, headers, message and request id", () => {
    const unauthorized = renderGatewayResponse(responses, [401, { message: 'Unauthorized' }, 'UNAUTHORIZED'], 'req-1');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(JSON.parse(unauthorized.body)).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Unauthorized' }, requestId: 'req-1' });
  });

  it("fall back to DEFAULT_5XX for an unlisted 5xx type, and to API Gateway's own body without any", () => {
    const timeout = renderGatewayResponse(responses, [504, { message: 'Endpoint request timed out' }, 'INTEGRATION_TIMEOUT'], 'req-2');
    expect(timeout.status).toBe(504);
    expect(JSON.parse(timeout.body)).toEqual({ error: { code: 'INTERNAL', message: 'Endpoint request timed out' }, requestId: 'req-2' });
    const throttled = renderGatewayResponse(responses, [429, { message: 'Too Many Requests' }, 'THROTTLED'], 'req-3');
    expect(JSON.parse(throttled.body)).toEqual({ message: 'Too Many Requests' });
  });
});

describe('effectiveSettings', () => {
  it('caches nothing without a cache cluster, and a stage-wide enable covers GET methods only', () => {
    const settings = [{ ResourcePath: '/*', HttpMethod: '*', CachingEnabled: true, CacheTtlInSeconds: 30 }];
    expect(effectiveSettings(settings, false, 'GET', '/a').cacheTtlSeconds).toBeUndefined();
    expect(effectiveSettings(settings, true, 'GET', '/a').cacheTtlSeconds).toBe(30);
    expect(effectiveSettings(settings, true, 'POST', '/a').cacheTtlSeconds).toBeUndefined();
    const off = [...settings, { ResourcePath: '/~1a', HttpMethod: 'GET', CachingEnabled: false }];
    expect(effectiveSettings(off, true, 'GET', '/a').cacheTtlSeconds).toBeUndefined();
  });
});

describe('cacheKey', () => {
  const event = (query: Record<string, string>, id: string, headers: Record<string, string> = {}) =>
    ({ queryStringParameters: query, pathParameters: { id }, headers, multiValueHeaders: {} }) as unknown as APIGatewayProxyEvent;

  it('holds exactly the listed parameters: unlisted ones share an entry', () => {
    const listed = ['method.request.path.id', 'method.request.querystring.lang'];
    expect(cacheKey('GET', '/items/{id}', listed, event({ lang: 'en' }, '1'))).not.toBe(
      cacheKey('GET', '/items/{id}', listed, event({ lang: 'fr' }, '1')),
    );
    expect(cacheKey('GET', '/items/{id}', listed, event({ lang: 'en' }, '1'))).not.toBe(
      cacheKey('GET', '/items/{id}', listed, event({ lang: 'en' }, '2')),
    );
    expect(cacheKey('GET', '/items/{id}', listed, event({ lang: 'en', page: '1' }, '1'))).toBe(
      cacheKey('GET', '/items/{id}', listed, event({ lang: 'en', page: '2' }, '1')),
    );
    expect(cacheKey('GET', '/items/{id}', [], event({}, '1'))).toBe(cacheKey('GET', '/items/{id}', [], event({}, '2')));
    const byHeader = ['method.request.header.Accept-Language'];
    expect(cacheKey('GET', '/x', byHeader, event({}, '1', { 'accept-language': 'en' }))).not.toBe(
      cacheKey('GET', '/x', byHeader, event({}, '1', { 'Accept-Language': 'fr' })),
    );
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then the rate per second', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 500; // half a second at 2/s: one token
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 10_000; // refills to the burst, not beyond
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
