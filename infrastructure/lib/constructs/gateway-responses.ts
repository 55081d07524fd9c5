import { GATEWAY_ERROR_CODES as CODES } from '@roadcall/contracts';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ResponseType } from 'aws-cdk-lib/aws-apigateway';

/**
 * API Gateway's own answers (no token, throttled, too large, a failed integration) in the body
 * every Roadcall error has: `{ "error": { "code", "message" }, "requestId" }`. Without these, API
 * Gateway answers `{"message":"Unauthorized"}` and the like, which clients cannot handle like the
 * functions' errors and which carry no request id to quote.
 */
export const GATEWAY_ERROR_RESPONSES: ReadonlyArray<{ readonly type: ResponseType; readonly code: string; readonly status?: string }> = [
  { type: ResponseType.UNAUTHORIZED, code: CODES.unauthenticated, status: '401' },
  { type: ResponseType.ACCESS_DENIED, code: CODES.forbidden, status: '403' },
  // The stage's web ACL refused the request: it did not come through CloudFront (OriginGuard).
  { type: ResponseType.WAF_FILTERED, code: CODES.forbidden, status: '403' },
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, code: CODES.routeNotFound, status: '404' },
  { type: ResponseType.THROTTLED, code: CODES.rateLimited, status: '429' },
  { type: ResponseType.REQUEST_TOO_LARGE, code: CODES.payloadTooLarge, status: '413' },
  { type: ResponseType.INTEGRATION_TIMEOUT, code: CODES.timeout, status: '504' },
  { type: ResponseType.DEFAULT_4XX, code: CODES.badRequest },
  { type: ResponseType.DEFAULT_5XX, code: CODES.internal },
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
