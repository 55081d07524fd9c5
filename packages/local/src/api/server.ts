import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { functionId, GATEWAY_ERROR_CODES, type RouteContract } from '@roadcall/contracts';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { cachedTokenVerifier } from '../auth';
import type { HandlerResolver } from '../handlers';
import { lambdaContext, toProxyEvent } from './event';
import { type ListeningServer, listen } from './listen';
import { Router } from './router';
import type { StaticSite } from './site';
import { type StreamingHandler, serveStream } from './stream';

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Time a client has to send its request headers (slowloris guard; API Gateway's own is shorter). */
export const HEADERS_TIMEOUT_MS = 10_000; // Node's default is 60 s
/**
 * Time a client has to send its whole request (headers and body). API Gateway's integration
 * timeout is 29 s; a body trickling in for longer is an attack or a broken client.
 */
export const REQUEST_TIMEOUT_MS = 30_000; // Node's default is 300 s

export interface ApiServerOptions {
  readonly routes: ReadonlyArray<RouteContract>;
  readonly resolve: HandlerResolver;
  /** HS256 key of the local bearer tokens (the stand-in for the Cognito authorizer). */
  readonly jwtSecret: string;
  readonly stage: string;
  readonly port?: number;
  readonly host?: string;
  /** Header and whole-request timeouts (defaults {@link HEADERS_TIMEOUT_MS}, {@link REQUEST_TIMEOUT_MS}); tests shorten them. */
  readonly timeouts?: { readonly headersMs?: number; readonly requestMs?: number };
  /** Static answers (the dashboard, /openapi.json) for GET requests that no route matches. */
  readonly site?: StaticSite;
  /** Called after each request (the dev banner's request log, tests). */
  readonly onRequest?: (entry: { method: string; path: string; status: number; ms: number; route?: string }) => void;
}

export type RunningApiServer = ListeningServer;

export const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization,Content-Type,Idempotency-Key,If-None-Match',
  'Access-Control-Max-Age': '600',
};

/**
 * The adapter's own errors (what API Gateway answers before a function runs) in the body every
 * Roadcall error has, request id included (the deployed API's gateway responses answer the same).
 */
function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  sendJson(res, status, { error: { code, message }, requestId }, { 'X-Request-Id': requestId, ...headers });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function writeProxyResult(res: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  headers['Content-Length'] = String(body.length);
  res.writeHead(result.statusCode, headers);
  res.end(body);
}

export function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  return typeof value === 'object' && value !== null && typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

/**
 * Serves the contracts' routes over HTTP exactly as API Gateway REST would in front of Lambda:
 * a Cognito-shaped authorizer (401 before the function runs), the v1 proxy event, and the
 * function's proxy result written back as the response.
 */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const router = new Router(options.routes);
  const verifyToken = cachedTokenVerifier(options.jwtSecret);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<{ status: number; route?: string }> => {
    const url = URL.parse(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (!url) {
      sendError(res, 400, GATEWAY_ERROR_CODES.badRequest, 'The request target is not a valid URL');
      return { status: 400 };
    }
    if (method === 'OPTIONS') {
      res.writeHead(204, PREFLIGHT_HEADERS);
      res.end();
      return { status: 204 };
    }
    const found = router.match(method, url.pathname);
    if (found.kind === 'not-found' && options.site && (method === 'GET' || method === 'HEAD')) {
      const answer = await options.site(url.pathname);
      if (answer) {
        const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
        res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.length) });
        res.end(method === 'HEAD' ? undefined : body);
        return { status: answer.status };
      }
    }
    if (found.kind === 'not-found') {
      sendError(res, 404, GATEWAY_ERROR_CODES.routeNotFound, `No route for ${method} ${url.pathname}`);
      return { status: 404 };
    }
    if (found.kind === 'method-not-allowed') {
      sendError(res, 405, GATEWAY_ERROR_CODES.methodNotAllowed, `${method} is not allowed on ${url.pathname}`, {
        Allow: found.allowed.join(', '),
      });
      return { status: 405 };
    }
    if (found.kind === 'bad-encoding') {
      sendError(res, 400, GATEWAY_ERROR_CODES.badRequest, `The path parameter "${found.parameter}" is not valid percent-encoding`);
      return { status: 400 };
    }
    const { route } = found.match;

    let claims: Record<string, string> | undefined;
    if (route.auth !== 'public') {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
      if (!token) {
        sendError(res, 401, GATEWAY_ERROR_CODES.unauthenticated, 'Missing bearer token');
        return { status: 401, route: route.id };
      }
      try {
        claims = await verifyToken(token);
      } catch {
        sendError(res, 401, GATEWAY_ERROR_CODES.unauthenticated, 'Invalid or expired bearer token');
        return { status: 401, route: route.id };
      }
    }

    const body = await readBody(req);
    if (body === 'too-large') {
      sendError(res, 413, GATEWAY_ERROR_CODES.payloadTooLarge, 'The request body exceeds 10 MB');
      return { status: 413, route: route.id };
    }
    const event = toProxyEvent(
      { method, url, headers: req.headers, rawHeaders: req.rawHeaders, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' },
      found.match,
      options.stage,
      claims,
    );
    const id = functionId(route);
    const context = lambdaContext(`roadcall-${options.stage}-${id}`, route.timeoutSeconds ?? 29, route.memoryMb ?? 1024);
    if (route.stream) {
      // Lambda response streaming (API Gateway REST `responseTransferMode: STREAM`).
      const status = await serveStream(res, options.resolve(route) as unknown as StreamingHandler, event, context);
      return { status, route: route.id };
    }
    let result: unknown;
    try {
      result = await options.resolve(route)(event as never, context);
    } catch {
      // What API Gateway answers when the function itself fails.
      sendJson(res, 502, { message: 'Internal server error' });
      return { status: 502, route: route.id };
    }
    if (!isProxyResult(result)) {
      sendJson(res, 502, { message: 'Malformed Lambda proxy response' });
      return { status: 502, route: route.id };
    }
    writeProxyResult(res, result);
    return { status: result.statusCode, route: route.id };
  };

  const headersTimeout = options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS;
  const requestTimeout = options.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS;
  // Node checks both timeouts every `connectionsCheckingInterval` (30 s by default): check at a
  // quarter of the shorter one so a slow client is cut off close to its deadline.
  const checkEvery = Math.max(50, Math.floor(Math.min(headersTimeout, requestTimeout) / 4));
  const server: Server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: checkEvery }, (req, res) => {
    const started = performance.now();
    handle(req, res)
      .then(({ status, route }) =>
        options.onRequest?.({ method: req.method ?? '', path: req.url ?? '', status, ms: performance.now() - started, route }),
      )
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
        else res.destroy();
      });
  });
  return listen(server, options.port, options.host);
}
