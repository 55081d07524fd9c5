import type { IncomingHttpHeaders } from 'node:http';
import { SIGV4_ALGORITHM } from './constants';

/** What a SigV4 signature says about its request: who signed, for which service, and how. */
export interface SignedScope {
  accessKeyId: string;
  /** `YYYYMMDD` of the credential scope. */
  shortDate: string;
  region: string;
  /** The signing name: `dynamodb`, `sqs`, `s3`, `ses`, `secretsmanager`, `lambda`... */
  service: string;
  /** `YYYYMMDDTHHMMSSZ` the request was signed at. */
  longDate: string | undefined;
  signedHeaders: string[];
  signature: string;
  /** Present for a presigned URL (`X-Amz-Credential` in the query): its lifetime in seconds. */
  presignedExpiresSeconds?: number;
}

/** Parses `AKID/20261130/us-east-1/dynamodb/aws4_request`. */
function parseCredential(credential: string): Pick<SignedScope, 'accessKeyId' | 'shortDate' | 'region' | 'service'> | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, shortDate, region, service] = parts as [string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(shortDate) || !region || !service) return undefined;
  return { accessKeyId, shortDate, region, service };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The outcome of reading a request's signature: absent, unreadable, or its scope. */
export type SignatureReading = { kind: 'unsigned' } | { kind: 'malformed'; reason: string } | { kind: 'signed'; scope: SignedScope };

/**
 * Reads the SigV4 signature of a request from its `Authorization` header, or from the
 * `X-Amz-*` query parameters of a presigned URL.
 *
 * @example
 * readSignature({ authorization: 'AWS4-HMAC-SHA256 Credential=AK/20261130/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=ab' }, new URLSearchParams());
 * // { kind: 'signed', scope: { accessKeyId: 'AK', service: 'sqs', ... } }
 */
export function readSignature(headers: IncomingHttpHeaders, query: URLSearchParams): SignatureReading {
  const authorization = header(headers, 'authorization');
  if (authorization) {
    const space = authorization.indexOf(' ');
    const algorithm = space < 0 ? authorization : authorization.slice(0, space);
    if (algorithm !== SIGV4_ALGORITHM) return { kind: 'malformed', reason: `Unsupported Authorization algorithm ${algorithm}` };
    const fields = new Map<string, string>();
    for (const part of authorization.slice(space + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const credential = parseCredential(fields.get('Credential') ?? '');
    const signedHeaders = fields.get('SignedHeaders');
    const signature = fields.get('Signature');
    if (!credential || !signedHeaders || !signature)
      return { kind: 'malformed', reason: 'Authorization header requires Credential, SignedHeaders and Signature' };
    return {
      kind: 'signed',
      scope: { ...credential, longDate: header(headers, 'x-amz-date'), signedHeaders: signedHeaders.split(';'), signature },
    };
  }
  const credentialParam = query.get('X-Amz-Credential');
  if (credentialParam === null) return { kind: 'unsigned' };
  if (query.get('X-Amz-Algorithm') !== SIGV4_ALGORITHM) return { kind: 'malformed', reason: 'X-Amz-Algorithm must be AWS4-HMAC-SHA256' };
  const credential = parseCredential(credentialParam);
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const signature = query.get('X-Amz-Signature');
  const expires = Number(query.get('X-Amz-Expires'));
  if (!credential || !signedHeaders || !signature || !Number.isInteger(expires)) {
    return {
      kind: 'malformed',
      reason: 'A presigned URL requires X-Amz-Credential, X-Amz-SignedHeaders, X-Amz-Signature and X-Amz-Expires',
    };
  }
  return {
    kind: 'signed',
    scope: {
      ...credential,
      longDate: query.get('X-Amz-Date') ?? undefined,
      signedHeaders: signedHeaders.split(';'),
      signature,
      presignedExpiresSeconds: expires,
    },
  };
}

/** `20261130T123456Z` as a Date (undefined when malformed). */
export function parseAmzDate(longDate: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(longDate ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}
