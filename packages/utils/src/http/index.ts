export { corsHeaders } from './cors';
export { createHandler, type HandlerOptions, type RouteHandler } from './createHandler';
export { type ErrorBody, errorResponse } from './errorResponse';
export { normaliseHeaders, parseJsonBody, queryObject, validate } from './request';
export { accepted, created, json, noContent, ok } from './responses';
export { type SsePacer, type SseTiming, ssePacer } from './ssePacer';
export {
  createStreamHandler,
  type ResponseStream,
  type SseStream,
  STREAM_HANDLER,
  STREAM_PRELUDE_DELIMITER,
  type StreamHandlerOptions,
  type StreamingRouteHandler,
  type StreamMetadata,
  type StreamRequest,
  startResponse,
} from './streamHandler';
export {
  type ApiHandler,
  type ApiRequest,
  type ApiResponse,
  type AuthOfRef,
  type CallerOf,
  isApiResponse,
  ROUTE_SCHEMAS,
  type RouteRef,
  type RouteSchemas,
} from './types';
