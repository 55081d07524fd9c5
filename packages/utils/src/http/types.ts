import type { Logger } from '@aws-lambda-powertools/logger';
import type { RouteAuth, RouteAuthOf, RouteContract, RouteId } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { AuthContext } from '../auth';
import type { Schema } from '../schema';

/**
 * The caller a route's handler receives, by the route's auth level: a `user` or `admin` route's
 * caller always exists (the wrapper answers 401/403 before the handler runs); a `public` route's
 * may not.
 */
export type CallerOf<Auth extends RouteAuth> = Auth extends 'public' ? AuthContext | undefined : AuthContext;

/** A route named by its contract id, or a contract object (test fixtures). */
export type RouteRef = RouteId | RouteContract;

/** The auth level of a {@link RouteRef}: the contract's literal one for an id. */
export type AuthOfRef<Ref> = Ref extends string
  ? RouteAuthOf<Ref>
  : Ref extends { readonly auth: infer A extends RouteAuth }
    ? A
    : RouteAuth;

/** What a route handler receives: validated input and the caller's identity (typed by the route's auth). */
export interface ApiRequest<Path, Query, Body, Caller extends AuthContext | undefined = AuthContext | undefined> {
  readonly path: Path;
  readonly query: Query;
  readonly body: Body;
  /** The caller; never undefined on a non-public route (see {@link CallerOf}). */
  readonly auth: Caller;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly route: RouteContract;
  readonly event: APIGatewayProxyEvent;
  readonly context: Context;
  readonly logger: Logger;
}

const RESPONSE = Symbol.for('roadcall.http.response');

/** An explicit response (status, headers); plain values returned by a handler become 200 JSON. */
export interface ApiResponse<T = unknown> {
  readonly [RESPONSE]: true;
  readonly statusCode: number;
  readonly body: T;
  readonly headers?: Readonly<Record<string, string>>;
}

export function isApiResponse(value: unknown): value is ApiResponse {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESPONSE] === true;
}

export function makeResponse<T>(statusCode: number, body: T, headers?: Record<string, string>): ApiResponse<T> {
  return { [RESPONSE]: true, statusCode, body, headers };
}

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * The request schemas a handler validates with, kept on the handler function under this symbol so
 * that the OpenAPI generator (`@roadcall/openapi`) describes exactly what the handler accepts.
 */
export const ROUTE_SCHEMAS: unique symbol = Symbol.for('roadcall.routeSchemas');
export interface RouteSchemas {
  readonly route: string;
  readonly path?: Schema<unknown>;
  readonly query?: Schema<unknown>;
  readonly body?: Schema<unknown>;
}
