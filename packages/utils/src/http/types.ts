import type { Logger } from '@aws-lambda-powertools/logger';
import type { RouteContract } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { AuthContext } from '../auth';
import type { Schema } from '../schema';

/** What a route handler receives: validated input and the caller's identity. */
export interface ApiRequest<Path, Query, Body> {
  readonly path: Path;
  readonly query: Query;
  readonly body: Body;
  /** The caller; present on every non-public route. */
  readonly auth: AuthContext | undefined;
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
