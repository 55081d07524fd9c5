import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type RouteContract, routeById } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type AuthContext, authorize } from '../auth';
import { httpCache } from '../cache/httpCache';
import { UnauthenticatedError } from '../errors';
import { logger as rootLogger } from '../logger';
import { recordRequest } from '../metrics';
import type { Schema } from '../schema';
import { initialisedAheadOfTraffic, isWarmingEvent, markInvocation, primeFor, type WarmingResult, warmingResult } from '../warmer';
import { corsHeaders } from './cors';
import { errorResponse } from './errorResponse';
import { normaliseHeaders, parseJsonBody, queryObject, validate } from './request';
import {
  type ApiRequest,
  type ApiResponse,
  type AuthOfRef,
  type CallerOf,
  isApiResponse,
  ROUTE_SCHEMAS,
  type RouteRef,
  type RouteSchemas,
} from './types';

/** Options of {@link createHandler}. Omitted schemas leave that part `undefined`. */
export interface HandlerOptions<Path, Query, Body, Result, Ref extends RouteRef = RouteRef> {
  /**
   * The route's contract id (e.g. `vendors.get`): auth level and cache policy come from it. A
   * contract object is accepted too (fixtures in tests).
   */
  readonly route: Ref;
  /** zod schemas (`zod/mini`, see `@roadcall/utils/schema`); their output types type the request. */
  readonly path?: Schema<Path>;
  readonly query?: Schema<Query>;
  readonly body?: Schema<Body>;
  /** The business logic: return a value (200 JSON) or an {@link ApiResponse}. */
  readonly handle: (request: ApiRequest<Path, Query, Body, CallerOf<AuthOfRef<Ref>>>) => Promise<Result | ApiResponse<Result>>;
}

export type RouteHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult | WarmingResult>;

/**
 * Wraps a route's logic the same way for every handler: warmer short-circuit (before auth,
 * validation or any I/O), request id and structured logs, auth from the authorizer claims, zod
 * validation of path/query/body, typed errors mapped to JSON error bodies, CORS. The handler's
 * `auth` is typed by the route's auth level in the contracts: a `user` or `admin` route's handler
 * gets an `AuthContext`, never `undefined`.
 *
 * @example
 * export const handler = createHandler({
 *   route: 'vendors.get',
 *   path: z.object({ id: z.string().check(z.minLength(1)) }), // import * as z from 'zod/mini'
 *   handle: async ({ path }) => vendorService.get(path.id),
 * });
 */
export function createHandler<Path = undefined, Query = undefined, Body = undefined, Result = unknown, Ref extends RouteRef = RouteRef>(
  options: HandlerOptions<Path, Query, Body, Result, Ref>,
): RouteHandler {
  // Resolved at module load: a handler bound to a route that does not exist fails its first test.
  const route: RouteContract = typeof options.route === 'string' ? routeById(options.route) : options.route;
  // Client libraries load on first use; under provisioned concurrency init is ahead of traffic, so load them now.
  if (initialisedAheadOfTraffic()) primeFor(route.uses);

  const handler: RouteHandler = async (event, context) => {
    const cold = markInvocation(route.id);
    if (isWarmingEvent(event)) return warmingResult(event, cold, context?.functionName, route.uses);
    const started = performance.now();

    const requestId = event.requestContext?.requestId || context?.awsRequestId || randomUUID();
    // The request's child logger is built when something logs (a Powertools child costs more than
    // a fast route's whole answer, and most requests log nothing at the default level).
    let child: Logger | undefined;
    const logger = (): Logger => {
      child ??= rootLogger.createChild({ persistentKeys: { requestId, route: route.id } });
      return child;
    };
    try {
      const auth = callerFor(route, authorize(event, route.auth)) as CallerOf<AuthOfRef<Ref>>;
      const headers = normaliseHeaders(event);
      const path = options.path ? validate(options.path, event.pathParameters ?? {}, 'path') : (undefined as Path);
      const query = options.query ? validate(options.query, queryObject(event), 'query') : (undefined as Query);
      const rawBody = options.body ? parseJsonBody(event) : undefined;
      const body = options.body ? validate(options.body, rawBody ?? {}, 'body') : (undefined as Body);

      const run = async (): Promise<APIGatewayProxyResult> => {
        const result = await options.handle({
          path,
          query,
          body,
          auth,
          headers,
          requestId,
          route,
          event,
          context,
          get logger() {
            return logger();
          },
        });
        const response = isApiResponse(result) ? result : { statusCode: 200, body: result, headers: undefined };
        return {
          statusCode: response.statusCode,
          headers: {
            'Content-Type': 'application/json',
            'X-Request-Id': requestId,
            ...corsHeaders(),
            ...response.headers,
          },
          body: response.body === undefined ? '' : JSON.stringify(response.body),
        };
      };
      // Routes with a cache policy in the contracts go through the HTTP cache (X-Cache, ETag, 304).
      if (!route.cache) return observed(route, started, cold, await run());
      const cached = await httpCache({ route, event, auth, headers }, run);
      return observed(route, started, cold, { ...cached, headers: { ...cached.headers, 'X-Request-Id': requestId } });
    } catch (error) {
      return observed(route, started, cold, errorResponse(error, requestId, logger()));
    }
  };
  const schemas: RouteSchemas = { route: route.id, path: options.path, query: options.query, body: options.body };
  return Object.assign(handler, { [ROUTE_SCHEMAS]: schemas });
}

/**
 * The caller as the route's auth level promises it: `authorize` already answers 401 on a
 * non-public route without one; checked again here so the type's promise holds at run time.
 */
function callerFor(route: RouteContract, auth: AuthContext | undefined): AuthContext | undefined {
  if (route.auth !== 'public' && !auth) throw new UnauthenticatedError('A valid bearer token is required');
  return auth;
}

/** Records the answer in memory (a background flush ships it): the only metrics work on the request path. */
function observed(route: RouteContract, started: number, cold: boolean, result: APIGatewayProxyResult): APIGatewayProxyResult {
  recordRequest(route.id, { latencyMs: performance.now() - started, statusCode: result.statusCode, cold });
  return result;
}
