import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { GateService } from './types';

/** An error the gate answers itself, in the wire format of the service the caller spoke to. */
export interface GateErrorReply {
  status: number;
  code: string;
  message: string;
}

const xmlEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** awsJson services put the error in `__type`; DynamoDB and SQS qualify it with the coral namespace. */
function jsonError(code: string, message: string, qualified: boolean, messageKey: 'message' | 'Message'): string {
  return JSON.stringify({ __type: qualified ? `com.amazon.coral.service#${code}` : code, [messageKey]: message });
}

/**
 * SQS still names errors by their Query-protocol codes (`AccessDenied`, `InvalidClientTokenId`) and
 * tells JSON clients so in `x-amzn-query-error`; the JSON `__type` carries the JSON-era name.
 */
const SQS_JSON_TYPES: Record<string, string> = { AccessDenied: 'AccessDeniedException' };

/**
 * Writes an error as the service itself would:
 * - DynamoDB, Secrets Manager: awsJson, `__type` + `Message`;
 * - SQS: awsJson with `x-amzn-query-error: Code;Sender` (awsQueryCompatible);
 * - S3: the REST-XML `<Error>` document;
 * - SES v2 and Lambda: REST-JSON, `x-amzn-ErrorType` + a JSON message;
 * - SES v1 (Query): the `<ErrorResponse>` document.
 */
export function writeServiceError(
  res: ServerResponse,
  service: GateService,
  reply: GateErrorReply,
  options: { sesQuery?: boolean } = {},
): void {
  const requestId = randomUUID();
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  let body: string;
  switch (service) {
    case 'dynamodb':
      headers['content-type'] = 'application/x-amz-json-1.0';
      body = jsonError(reply.code, reply.message, true, 'Message');
      break;
    case 'secretsmanager':
      headers['content-type'] = 'application/x-amz-json-1.1';
      body = jsonError(reply.code, reply.message, false, 'Message');
      break;
    case 'sqs':
      headers['content-type'] = 'application/x-amz-json-1.0';
      headers['x-amzn-query-error'] = `${reply.code};Sender`;
      body = jsonError(SQS_JSON_TYPES[reply.code] ?? reply.code, reply.message, true, 'message');
      break;
    case 's3':
      headers['content-type'] = 'application/xml';
      headers['x-amz-request-id'] = requestId;
      body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(reply.code)}</Code><Message>${xmlEscape(reply.message)}</Message>` +
        `<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
      break;
    case 'ses':
      if (options.sesQuery) {
        headers['content-type'] = 'text/xml';
        body =
          `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${xmlEscape(reply.code)}</Code>` +
          `<Message>${xmlEscape(reply.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
        break;
      }
      headers['content-type'] = 'application/json';
      headers['x-amzn-errortype'] = reply.code;
      body = JSON.stringify({ message: reply.message });
      break;
    case 'lambda':
      headers['content-type'] = 'application/json';
      headers['x-amzn-errortype'] = reply.code;
      body = JSON.stringify({ Type: 'User', Message: reply.message });
      break;
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** Each service's code and status for a caller whose access key the gate does not know. */
export const UNKNOWN_KEY: Record<GateService, Omit<GateErrorReply, 'message'>> = {
  dynamodb: { status: 400, code: 'UnrecognizedClientException' },
  secretsmanager: { status: 400, code: 'UnrecognizedClientException' },
  sqs: { status: 403, code: 'InvalidClientTokenId' },
  s3: { status: 403, code: 'InvalidAccessKeyId' },
  ses: { status: 403, code: 'InvalidClientTokenId' },
  lambda: { status: 403, code: 'UnrecognizedClientException' },
};

/** Each service's code and status for a signature that does not match. */
export const BAD_SIGNATURE: Record<GateService, Omit<GateErrorReply, 'message'>> = {
  dynamodb: { status: 400, code: 'InvalidSignatureException' },
  secretsmanager: { status: 400, code: 'InvalidSignatureException' },
  sqs: { status: 403, code: 'SignatureDoesNotMatch' },
  s3: { status: 403, code: 'SignatureDoesNotMatch' },
  ses: { status: 403, code: 'SignatureDoesNotMatch' },
  lambda: { status: 403, code: 'InvalidSignatureException' },
};

/** Each service's code and status for an unsigned request. */
export const MISSING_AUTH: Record<GateService, Omit<GateErrorReply, 'message'>> = {
  dynamodb: { status: 400, code: 'MissingAuthenticationTokenException' },
  secretsmanager: { status: 400, code: 'MissingAuthenticationTokenException' },
  sqs: { status: 403, code: 'MissingAuthenticationToken' },
  s3: { status: 403, code: 'AccessDenied' },
  ses: { status: 403, code: 'MissingAuthenticationTokenException' },
  lambda: { status: 403, code: 'MissingAuthenticationTokenException' },
};

/** Each service's code and status for an action the caller's policies do not allow. */
export const ACCESS_DENIED: Record<GateService, Omit<GateErrorReply, 'message'>> = {
  dynamodb: { status: 400, code: 'AccessDeniedException' },
  secretsmanager: { status: 400, code: 'AccessDeniedException' },
  sqs: { status: 403, code: 'AccessDenied' },
  s3: { status: 403, code: 'AccessDenied' },
  ses: { status: 403, code: 'AccessDeniedException' },
  lambda: { status: 403, code: 'AccessDeniedException' },
};

/**
 * IAM's wording (the part after "User: ... is not authorized to perform: ..."), which tells an
 * explicit deny from a missing allow.
 */
export function deniedMessage(principalArn: string, action: string, resource: string, explicit: boolean): string {
  const reason = explicit
    ? `with an explicit deny in an identity-based policy`
    : `because no identity-based policy allows the ${action} action`;
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
}
