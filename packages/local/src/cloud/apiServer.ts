import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  isProxyResult,
  lambdaContext,
  PREFLIGHT_HEADERS,
  Router,
  readBody,
  sendJson,
  serveStream,
  toProxyEvent,
  writeProxyResult,
} from '../api';
import { type ListeningServer, listen } from '../api/listen';
import { verifyLocalToken } from '../auth';
import type { GatewayResponseSpec, TemplateApi, TemplateRoute } from './apiTemplate';
import { LambdaInvokeError } from './errors';
import type { FunctionRegistry } from './registry';
import { cacheKey, ResponseCache } from './responseCache';
import { TokenBucket } from './throttle';

export interface CloudApiServerOptions {
  readonly api: TemplateApi;
  readonly registry: FunctionRegistry;
  /** HS256 key of the local tokens: the Cognito authorizer's stand-in verifies them. */
  readonly jwtSecret: string;
  readonly port?: number;
  readonly host?: string;
  readonly onRequest?: (entry: {
    method: string;
    path: string;
    status: number;
    ms: number;
    route?: string;
    cache?: 'hit' | 'miss';
  }) => void;
}

export interface RunningCloudApi extends ListeningServer {
  readonly cache: ResponseCache;
}

type Outcome = { status: number; route?: string; cache?: 'hit' | 'miss' };

/**
 * API Gateway's own answers: status, default body, and the gateway response type a template may
 * customise (falling back to `DEFAULT_4XX` / `DEFAULT_5XX`, as API Gateway does).
 */
const GATEWAY = {
  missingToken: [403, { message: 'Missing Authentication Token' }, 'MISSING_AUTHENTICATION_TOKEN'],
  wafFiltered: [403, { message: 'Forbidden' }, 'WAF_FILTERED'],
  unauthorized: [401, { message: 'Unauthorized' }, 'UNAUTHORIZED'],
  throttled: [429, { message: 'Too Many Requests' }, 'THROTTLED'],
  tooLarge: [413, { message: 'Request Too Long' }, 'REQUEST_TOO_LARGE'],
  integrationFailure: [502, { message: 'Internal server error' }, 'INTEGRATION_FAILURE'],
  timeout: [504, { message: 'Endpoint request timed out' }, 'INTEGRATION_TIMEOUT'],
  unsupported: [500, { message: 'Internal server error' }, 'DEFAULT_5XX'],
} as const;

type GatewayAnswer = (typeof GATEWAY)[keyof typeof GATEWAY];

/** The `x-amzn-ErrorType` API Gateway sends with some of its own answers. */
const ERROR_TYPES: Readonly<Record<string, string>> = {
  MISSING_AUTHENTICATION_TOKEN: 'MissingAuthenticationTokenException',
  WAF_FILTERED: 'ForbiddenException',
};

/**
 * Writes one of API Gateway's own answers, through the template's gateway response for its type
 * when there is one: `$context.requestId` and `$context.error.messageString` (a quoted string) are
 * filled in as API Gateway fills them.
 */
export function renderGatewayResponse(
  responses: ReadonlyMap<string, GatewayResponseSpec>,
  answer: GatewayAnswer,
  requestId: string = randomUUID(),
): { status: number; headers: Record<string, string>; body: string } {
  const [defaultStatus, defaultBody, type] = answer;
  const spec = responses.get(type) ?? responses.get(defaultStatus >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX');
  const status = spec?.statusCode ?? defaultStatus;
  const body = spec?.template
    ? spec.template
        .replaceAll('$context.error.messageString', JSON.stringify(defaultBody.message))
        .replaceAll('$context.requestId', requestId)
    : JSON.stringify(defaultBody);
  return {
    status,
    headers: {
      'Content-Type': 'application/json',
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': ERROR_TYPES[type] ?? 'ApiGatewayError',
      ...(spec?.headers ?? {}),
    },
    body,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Serves a REST API of the template the way API Gateway serves its stage: the stage's web ACL
 * (blocked: 403 through the `WAF_FILTERED` gateway response), methods matched on the
 * template's resources (unknown ones: 403 Missing Authentication Token), the Cognito authorizer
 * (local HS256 tokens with Cognito's claims; 401 Unauthorized before the function runs), the
 * stage's throttling per method (429), its cache only where the method settings enable it, keyed
 * by the integration's CacheKeyParameters, the v1 proxy event to the function's workers, response
 * streaming where the integration streams, and the integration timeout (504).
 *
 * @example
 * const api = await startCloudApiServer({ api: apisFromTemplates(model)[0], registry, jwtSecret, port: 3000 });
 */
export async function startCloudApiServer(options: CloudApiServerOptions): Promise<RunningCloudApi> {
  const router = new Router<TemplateRoute>(options.api.routes);
  const cache = new ResponseCache();
  const buckets = new Map<TemplateRoute, TokenBucket>();
  const gateway = (res: ServerResponse, answer: GatewayAnswer, route?: string): Outcome => {
    const rendered = renderGatewayResponse(options.api.gatewayResponses, answer);
    res.writeHead(rendered.status, { ...rendered.headers, 'Content-Length': Buffer.byteLength(rendered.body) });
    res.end(rendered.body);
    return { status: rendered.status, route };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<Outcome> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    // The stage's web ACL sees every request first, as AWS WAF does in front of API Gateway.
    if (options.api.webAcl?.evaluate({ headers: req.headers, path: url.pathname }) === 'block') return gateway(res, GATEWAY.wafFiltered);
    const found = router.match(method, url.pathname);
    if (found.kind !== 'match') {
      if (method === 'OPTIONS') {
        res.writeHead(204, PREFLIGHT_HEADERS);
        res.end();
        return { status: 204 };
      }
      return gateway(res, GATEWAY.missingToken);
    }
    const { route } = found.match;
    const routeId = route.operationName ?? `${route.method} ${route.path}`;

    if (route.throttle) {
      let bucket = buckets.get(route);
      if (!bucket) {
        bucket = new TokenBucket(route.throttle.rateLimit, route.throttle.burstLimit);
        buckets.set(route, bucket);
      }
      if (!bucket.take()) return gateway(res, GATEWAY.throttled, routeId);
    }

    let claims: Record<string, string> | undefined;
    if (route.authorizationType === 'COGNITO_USER_POOLS') {
      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? req.headers.authorization;
      if (!token) return gateway(res, GATEWAY.unauthorized, routeId);
      try {
        claims = await verifyLocalToken(token, options.jwtSecret);
      } catch {
        return gateway(res, GATEWAY.unauthorized, routeId);
      }
    } else if (route.authorizationType !== 'NONE') {
      // AWS_IAM and Lambda (CUSTOM) authorizers have no local stand-in: refuse rather than let requests through.
      return gateway(res, GATEWAY.unauthorized, routeId);
    }

    const pool = route.functionName ? options.registry.find(route.functionName) : undefined;
    if (route.integrationType !== 'AWS_PROXY' || !pool) return gateway(res, GATEWAY.unsupported, routeId);

    const body = await readBody(req);
    if (body === 'too-large') return gateway(res, GATEWAY.tooLarge, routeId);
    const event = toProxyEvent(
      { method, url, headers: req.headers, rawHeaders: req.rawHeaders, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
      found.match,
      options.api.stageName,
      claims,
    );
    event.requestContext.apiId = options.api.restApiId.toLowerCase().slice(0, 10);

    if (route.stream) {
      const context = lambdaContext(pool.definition.name, pool.definition.timeoutSeconds, pool.definition.memoryMb);
      const status = await serveStream(res, (streamEvent, stream: Writable) => pool.invoke(streamEvent, { stream }), event, context);
      return { status, route: routeId };
    }

    const key = route.cacheTtlSeconds ? cacheKey(route.method, route.path, route.cacheKeyParameters, event) : undefined;
    const cached = key ? cache.get(key) : undefined;
    if (cached) {
      writeProxyResult(res, cached);
      return { status: cached.statusCode, route: routeId, cache: 'hit' };
    }
    let result: unknown;
    try {
      result = await withTimeout(pool.invoke(event), route.timeoutMs);
    } catch (error) {
      if (error instanceof LambdaInvokeError && error.errorType === 'TooManyRequestsException')
        return gateway(res, GATEWAY.throttled, routeId);
      return gateway(res, GATEWAY.integrationFailure, routeId);
    }
    if (result === 'timeout') return gateway(res, GATEWAY.timeout, routeId);
    if (!isProxyResult(result)) return gateway(res, GATEWAY.integrationFailure, routeId);
    if (key && route.cacheTtlSeconds && result.statusCode >= 200 && result.statusCode < 300) {
      cache.set(key, result as APIGatewayProxyResult, route.cacheTtlSeconds);
    }
    writeProxyResult(res, result);
    return { status: result.statusCode, route: routeId, cache: key ? 'miss' : undefined };
  };

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res)
      .then(({ status, route, cache: cacheState }) =>
        options.onRequest?.({
          method: req.method ?? '',
          path: req.url ?? '',
          status,
          ms: performance.now() - started,
          route,
          cache: cacheState,
        }),
      )
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
        else res.destroy();
      });
  });
  const listening = await listen(server, options.port, options.host);
  return { ...listening, cache };
}
