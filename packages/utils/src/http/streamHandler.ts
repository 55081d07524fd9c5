import { randomUUID } from 'node:crypto';
import { routeById } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { authorize } from '../auth';
import { UnauthenticatedError } from '../errors';
import { logger as rootLogger } from '../logger';
import { recordRequest, trackSseConnection } from '../metrics';
import type { Schema } from '../schema';
import { initialisedAheadOfTraffic, isWarmingEvent, markInvocation, primeFor, warmingResult } from '../warmer';
import { corsHeaders } from './cors';
import { errorResponse } from './errorResponse';
import { normaliseHeaders, queryObject, validate } from './request';
import { type ApiRequest, type AuthOfRef, type CallerOf, ROUTE_SCHEMAS, type RouteRef, type RouteSchemas } from './types';

/**
 * The writable Lambda hands a streaming function (`awslambda.streamifyResponse`), and the one the
 * local API adapter binds to its HTTP response: only what a handler needs of it.
 */
export interface ResponseStream {
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): void;
  on(event: 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
  readonly destroyed?: boolean;
  readonly writableEnded?: boolean;
}

/** Status and headers sent before the body, as `awslambda.HttpResponseStream.from` takes them. */
export interface StreamMetadata {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
}

/** The 8 NUL bytes that end the JSON metadata prelude of a streamed Lambda response. */
export const STREAM_PRELUDE_DELIMITER = Buffer.alloc(8);

/** Marks a handler as streaming: it is called `(event, responseStream, context)`. */
export const STREAM_HANDLER = Symbol.for('roadcall.http.streamHandler');

interface LambdaStreamingGlobal {
  streamifyResponse<T>(fn: T): T;
  HttpResponseStream: { from(stream: ResponseStream, metadata: StreamMetadata): ResponseStream };
}

/**
 * The Lambda Node.js runtime's `awslambda` global, when it offers streaming. Checked by shape: other
 * code may define a partial `awslambda` (Powertools does, for its own use) outside Lambda.
 */
const lambdaGlobal = (): LambdaStreamingGlobal | undefined => {
  const candidate = (globalThis as unknown as { awslambda?: Partial<LambdaStreamingGlobal> }).awslambda;
  return typeof candidate?.streamifyResponse === 'function' && typeof candidate.HttpResponseStream?.from === 'function'
    ? (candidate as LambdaStreamingGlobal)
    : undefined;
};

/**
 * Sends status and headers first. In Lambda this is `HttpResponseStream.from`; elsewhere it
 * writes the same wire format (JSON, then 8 NUL bytes) that API Gateway and Function URLs
 * parse, which the local adapter parses too.
 */
export function startResponse(stream: ResponseStream, metadata: StreamMetadata): ResponseStream {
  const runtime = lambdaGlobal();
  if (runtime) return runtime.HttpResponseStream.from(stream, metadata);
  stream.write(Buffer.concat([Buffer.from(JSON.stringify(metadata)), STREAM_PRELUDE_DELIMITER]));
  return stream;
}

/** A Server-Sent Events writer over a response stream. */
export interface SseStream {
  /** Sends `event:`/`data:` (JSON) with an optional `id:`. No-op once closed. */
  send(event: string, data: unknown, id?: string | number): void;
  /** A comment line (`: text`), e.g. a keep-alive. */
  comment(text: string): void;
  /** The `retry:` field: how long EventSource waits before it reconnects. */
  retry(ms: number): void;
  /** True once the client went away or the stream ended. */
  readonly closed: boolean;
  /** Resolves when the client goes away (or the stream ends). */
  readonly whenClosed: Promise<void>;
  end(): void;
}

function sseWriter(stream: ResponseStream): SseStream {
  let closed = false;
  let resolveClosed: () => void = () => undefined;
  const whenClosed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const markClosed = (): void => {
    closed = true;
    resolveClosed();
  };
  stream.on('close', markClosed);
  stream.on('error', markClosed);
  const write = (text: string): void => {
    if (closed || stream.destroyed || stream.writableEnded) {
      markClosed();
      return;
    }
    stream.write(text);
  };
  return {
    send: (event, data, id) => write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    comment: (text) => write(`: ${text}\n\n`),
    retry: (ms) => write(`retry: ${Math.max(0, Math.floor(ms))}\n\n`),
    get closed() {
      return closed || Boolean(stream.destroyed);
    },
    whenClosed,
    end: () => {
      if (!closed && !stream.writableEnded) stream.end();
      markClosed();
    },
  };
}

/** What a streaming route's logic receives: a route request without a body. */
export type StreamRequest<Path, Query, Ref extends RouteRef = RouteRef> = Omit<
  ApiRequest<Path, Query, never, CallerOf<AuthOfRef<Ref>>>,
  'body'
>;

export interface StreamHandlerOptions<Path, Query, Ref extends RouteRef = RouteRef> {
  /** The route's contract id; the route must be marked `stream: true`. Its auth level types `auth`. */
  readonly route: Ref & string;
  readonly path?: Schema<Path>;
  readonly query?: Schema<Query>;
  /**
   * Runs before the stream opens: throw a typed error (404, 403, ...) to answer with a JSON error
   * instead of a stream. Returns the state `stream` works with.
   */
  readonly prepare?: (request: StreamRequest<Path, Query, Ref>) => Promise<unknown>;
  /** Writes events until done; the stream is ended after it returns. */
  readonly stream: (request: StreamRequest<Path, Query, Ref>, sse: SseStream, prepared: unknown) => Promise<void>;
}

export type StreamingRouteHandler = ((event: APIGatewayProxyEvent, responseStream: ResponseStream, context: Context) => Promise<void>) & {
  readonly [STREAM_HANDLER]?: true;
};

/**
 * The streaming counterpart of `createHandler`, for Server-Sent Events: the same warmer
 * short-circuit, auth, zod validation and typed-error mapping (a JSON error before the stream
 * opens), then `text/event-stream`. In Lambda it is wrapped with `awslambda.streamifyResponse`
 * (deployed behind API Gateway REST response streaming, see docs/jobs.md); locally the API adapter
 * calls it with a writable bound to the HTTP response.
 *
 * @example
 * export const handler = createStreamHandler({
 *   route: 'jobs.events',
 *   path: z.object({ id: z.string() }),
 *   prepare: async ({ path, auth }) => service.get(path.id, auth),
 *   stream: async (request, sse, job) => { sse.send('job_progress', job); },
 * });
 */
export function createStreamHandler<Path = undefined, Query = undefined, Ref extends RouteRef = RouteRef>(
  options: StreamHandlerOptions<Path, Query, Ref>,
): StreamingRouteHandler {
  const route = routeById(options.route);
  if (!route.stream) throw new Error(`Route ${route.id} is not marked stream: true in the contracts`);
  if (initialisedAheadOfTraffic()) primeFor(route.uses);

  const inner = async (event: APIGatewayProxyEvent, responseStream: ResponseStream, context: Context): Promise<void> => {
    const cold = markInvocation(route.id);
    if (isWarmingEvent(event)) {
      const warmed = await warmingResult(event, cold, context?.functionName, route.uses);
      const out = startResponse(responseStream, { statusCode: 200, headers: { 'Content-Type': 'application/json' } });
      out.end(JSON.stringify(warmed));
      return;
    }
    const started = performance.now();
    const requestId = event.requestContext?.requestId || context?.awsRequestId || randomUUID();
    const logger = rootLogger.createChild({ persistentKeys: { requestId, route: route.id } });
    let request: StreamRequest<Path, Query, Ref>;
    let prepared: unknown;
    try {
      const auth = authorize(event, route.auth);
      // authorize answers 401 already; checked again so the caller's type holds at run time.
      if (route.auth !== 'public' && !auth) throw new UnauthenticatedError('A valid bearer token is required');
      const path = options.path ? validate(options.path, event.pathParameters ?? {}, 'path') : (undefined as Path);
      const query = options.query ? validate(options.query, queryObject(event), 'query') : (undefined as Query);
      request = {
        path,
        query,
        auth: auth as CallerOf<AuthOfRef<Ref>>,
        headers: normaliseHeaders(event),
        requestId,
        route,
        event,
        context,
        logger,
      };
      prepared = await options.prepare?.(request);
    } catch (error) {
      const result = errorResponse(error, requestId, logger);
      recordRequest(route.id, { latencyMs: performance.now() - started, statusCode: result.statusCode, cold });
      const out = startResponse(responseStream, {
        statusCode: result.statusCode,
        headers: (result.headers ?? {}) as Record<string, string>,
      });
      out.end(result.body);
      return;
    }
    const out = startResponse(responseStream, {
      statusCode: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        'X-Request-Id': requestId,
        ...corsHeaders(),
      },
    });
    // Latency of a stream is its time to open (auth, validation, prepare): how long it stays open
    // says nothing about the route's speed. Open connections are counted while they last.
    recordRequest(route.id, { latencyMs: performance.now() - started, statusCode: 200, cold });
    const release = trackSseConnection(route.id, request.auth?.userId ?? 'anonymous');
    const sse = sseWriter(out);
    try {
      await options.stream(request, sse, prepared);
    } catch (error) {
      logger.error('Stream failed', { error: error as Error });
      sse.send('error', { code: 'INTERNAL_ERROR', message: 'The stream failed', requestId });
    } finally {
      release();
      sse.end();
    }
  };

  const runtime = lambdaGlobal();
  const handler = (runtime ? runtime.streamifyResponse(inner) : inner) as StreamingRouteHandler;
  Object.defineProperty(handler, STREAM_HANDLER, { value: true });
  const schemas: RouteSchemas = { route: route.id, path: options.path, query: options.query };
  Object.defineProperty(handler, ROUTE_SCHEMAS, { value: schemas });
  return handler;
}
