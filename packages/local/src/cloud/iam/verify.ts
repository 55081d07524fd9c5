import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { ALGORITHM_IDENTIFIER, createScope, getSigningKey, SignatureV4Base, UNSIGNED_PAYLOAD } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest, QueryParameterBag } from '@smithy/types';
import type { SignedScope } from './sigv4';

const Sha256 = Hash.bind(null, 'sha256');

/**
 * Recomputes a SigV4 signature with the SDK's own canonicalisation (`@smithy/signature-v4`, the
 * code that signed the request), so what the gate accepts is what the client produced.
 */
class SignatureCalculator extends SignatureV4Base {
  constructor(service: string) {
    // S3 signs the path as sent; every other service signs it URI-encoded once more.
    super({
      service,
      region: '',
      credentials: { accessKeyId: '', secretAccessKey: '' },
      sha256: Sha256,
      uriEscapePath: service !== 's3',
      applyChecksum: false,
    });
  }

  async signature(
    request: HttpRequest,
    canonicalHeaders: HeaderBag,
    payloadHash: string,
    scope: SignedScope,
    secretAccessKey: string,
  ): Promise<string> {
    const credentialScope = createScope(scope.shortDate, scope.region, scope.service);
    const stringToSign = await this.createStringToSign(
      scope.longDate ?? '',
      credentialScope,
      this.createCanonicalRequest(request, canonicalHeaders, payloadHash),
      ALGORITHM_IDENTIFIER,
    );
    const key = await getSigningKey(
      Sha256,
      { accessKeyId: scope.accessKeyId, secretAccessKey },
      scope.shortDate,
      scope.region,
      scope.service,
    );
    return createHmac('sha256', Buffer.from(key)).update(stringToSign).digest('hex');
  }
}

const calculators = new Map<string, SignatureCalculator>();

/** The request as it arrived, what a signature is computed over. */
export interface ArrivedRequest {
  method: string;
  /** The path exactly as on the wire (still percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body when the gate read it; S3 bodies are streamed and signed by `x-amz-content-sha256`. */
  body: Buffer | undefined;
}

function queryBag(query: URLSearchParams, presigned: boolean): QueryParameterBag {
  const bag: QueryParameterBag = {};
  for (const [key, value] of query) {
    if (presigned && key === 'X-Amz-Signature') continue;
    const prior = bag[key];
    bag[key] = prior === undefined || prior === null ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return bag;
}

const sha256Hex = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/**
 * The payload hash the signature covers: the declared `x-amz-content-sha256` (S3 always sends
 * one), which must then be the hash of a body the gate read, or else the hash of that body.
 * Undefined when a declared hash is not the body's.
 */
function payloadHash(request: ArrivedRequest, presigned: boolean): string | undefined {
  const declared = request.headers['x-amz-content-sha256'];
  if (typeof declared === 'string') {
    if (request.body && /^[0-9a-f]{64}$/.test(declared) && declared !== sha256Hex(request.body)) return undefined;
    return declared;
  }
  if (presigned) return request.query.get('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD;
  return sha256Hex(request.body ?? Buffer.alloc(0));
}

/**
 * Whether `scope.signature` is the signature of `request` under `secretAccessKey`.
 *
 * @example
 * await signatureMatches(arrived, scope, principal.secretAccessKey); // true for the SDK's own request
 */
export async function signatureMatches(request: ArrivedRequest, scope: SignedScope, secretAccessKey: string): Promise<boolean> {
  const presigned = scope.presignedExpiresSeconds !== undefined;
  const canonicalHeaders: HeaderBag = {};
  for (const name of scope.signedHeaders) {
    const raw = request.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (value === undefined) return false;
    canonicalHeaders[name] = value
      .replace(/[\r\n]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .trim();
  }
  const httpRequest: HttpRequest = {
    method: request.method,
    protocol: 'http:',
    hostname: '',
    path: request.rawPath,
    query: queryBag(request.query, presigned),
    headers: {},
  };
  let calculator = calculators.get(scope.service);
  if (!calculator) {
    calculator = new SignatureCalculator(scope.service);
    calculators.set(scope.service, calculator);
  }
  const hash = payloadHash(request, presigned);
  if (hash === undefined) return false;
  const expected = Buffer.from(await calculator.signature(httpRequest, canonicalHeaders, hash, scope, secretAccessKey));
  const given = Buffer.from(scope.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
