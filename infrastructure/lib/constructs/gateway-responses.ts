import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ResponseType } from 'aws-cdk-lib/aws-apigateway';

/**
 * API Gateway's own answers (no token, throttled, too large, a failed integration) in the body
 * every Roadcall error has: `{ "error": { "code", "message" }, "requestId" }`. Without these, API
 * Gateway answers `{"message":"Unauthorized"}` and the like, which clients cannot handle like the
 * functions' errors and which carry no request id to quote.
 */
export const GATEWAY_ERROR_RESPONSES: ReadonlyArray<{ readonly type: ResponseType; readonly code: string; readonly status?: string }> = [
  { type: ResponseType.UNAUTHORIZED, code: 'UNAUTHENTICATED', status: '401' },
  { type: ResponseType.ACCESS_DENIED, code: 'FORBIDDEN', status: '403' },
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, code: 'ROUTE_NOT_FOUND', status: '404' },
  { type: ResponseType.THROTTLED, code: 'RATE_LIMITED', status: '429' },
  { type: ResponseType.REQUEST_TOO_LARGE, code: 'PAYLOAD_TOO_LARGE', status: '413' },
  { type: ResponseType.INTEGRATION_TIMEOUT, code: 'TIMEOUT', status: '504' },
  { type: ResponseType.DEFAULT_4XX, code: 'BAD_REQUEST' },
  { type: ResponseType.DEFAULT_5XX, code: 'INTERNAL' },
];

/** The body template: `$context.error.messageString` is already a quoted JSON string. */
export function gatewayErrorTemplate(code: string): string {
  return `{"error":{"code":"${code}","message":$context.error.messageString},"requestId":"$context.requestId"}`;
}

/**
 * Adds the JSON gateway responses to a REST API, with the CORS origin the functions answer with.
 *
 * @example
 * addGatewayErrorResponses(restApi, corsAllowedOrigin);
 */
export function addGatewayErrorResponses(api: apigw.RestApi, corsAllowedOrigin: string): void {
  for (const { type, code, status } of GATEWAY_ERROR_RESPONSES) {
    api.addGatewayResponse(`GatewayResponse${type.responseType}`, {
      type,
      statusCode: status,
      responseHeaders: { 'Access-Control-Allow-Origin': `'${corsAllowedOrigin}'` },
      templates: { 'application/json': gatewayErrorTemplate(code) },
    });
  }
}
