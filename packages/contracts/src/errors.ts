/**
 * Error codes the API answers before any function runs (API Gateway's gateway responses in AWS,
 * the local adapters here), so the CDK app and both local runtimes give a client the same body:
 * `{ "error": { "code", "message" }, "requestId" }`. The handlers' own errors share the codes
 * where they mean the same (`@roadcall/utils` errors).
 *
 * @example
 * sendError(res, 401, GATEWAY_ERROR_CODES.unauthenticated, 'Missing bearer token');
 */
export const GATEWAY_ERROR_CODES = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  routeNotFound: 'ROUTE_NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  rateLimited: 'RATE_LIMITED',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  timeout: 'TIMEOUT',
  badRequest: 'BAD_REQUEST',
  internal: 'INTERNAL',
} as const;
