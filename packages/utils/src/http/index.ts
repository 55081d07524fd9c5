export { createHandler, type HandlerOptions, type RouteHandler } from './createHandler';
export { corsHeaders } from './cors';
export { type ErrorBody, errorResponse } from './errorResponse';
export { normaliseHeaders, parseJsonBody, queryObject, validate } from './request';
export { accepted, created, json, noContent, ok } from './responses';
export { type ApiHandler, type ApiRequest, type ApiResponse, isApiResponse } from './types';
