import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { listen } from '../../api/listen';
import { authorize, requestContext, sessionArn } from './authorize';
import {
  DEFAULT_HOST,
  MAX_CLOCK_SKEW_MS,
  MAX_PRESIGNED_EXPIRES_SECONDS,
  SECRET_ARN_SUFFIX_LENGTH,
  UPSTREAM_MAX_SOCKETS,
} from './constants';
import { GateConfigError, GateRequestError } from './errors';
import { BodyTooLargeError, readBody } from './readBody';
import {
  ACCESS_DENIED,
  BAD_SIGNATURE,
  deniedMessage,
  type GateErrorReply,
  MISSING_AUTH,
  UNKNOWN_KEY,
  writeServiceError,
} from './responses';
import { guessService, isGateService, MAPPERS, type MappingContext } from './services';
import { parseAmzDate, readSignature, type SignedScope } from './sigv4';
import type { GatePrincipal, GateService, IamGate, IamGateOptions } from './types';
import { signatureMatches } from './verify';

/** Headers that belong to one hop; the gate's own connection to the engine sets its own. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'expect', 'upgrade', 'te', 'trailer']);

/** Resolves a `SecretId` to the full ARN Secrets Manager authorizes on. */
function secretResolver(options: IamGateOptions): (secretId: string) => string {
  const secrets = options.secrets ?? [];
  return (secretId) => {
    const byName = secrets.find((secret) => secret.name === secretId || secret.arn === secretId);
    if (byName) return byName.arn;
    // A partial ARN (no random suffix) names the secret too.
    const partial = secrets.find((secret) => secret.arn.slice(0, -SECRET_ARN_SUFFIX_LENGTH) === secretId);
    if (partial) return partial.arn;
    return secretId.startsWith('arn:') ? secretId : `arn:aws:secretsmanager:${options.region}:${options.accountId}:secret:${secretId}`;
  };
}

function indexPrincipals(principals: GatePrincipal[]): Map<string, GatePrincipal> {
  const byKey = new Map<string, GatePrincipal>();
  for (const principal of principals) {
    if (!principal.accessKeyId || !principal.secretAccessKey)
      throw new GateConfigError(`Principal ${principal.name} needs an access key id and a secret`);
    if (byKey.has(principal.accessKeyId)) throw new GateConfigError(`Access key ${principal.accessKeyId} is given to two principals`);
    byKey.set(principal.accessKeyId, principal);
  }
  return byKey;
}

function parseUpstreams(upstreams: IamGateOptions['upstreams']): Map<GateService, URL> {
  const parsed = new Map<GateService, URL>();
  for (const [service, base] of Object.entries(upstreams)) {
    if (!base) continue;
    if (!isGateService(service)) throw new GateConfigError(`Unknown upstream service ${service}`);
    const url = new URL(base);
    if (url.protocol !== 'http:') throw new GateConfigError(`Upstream ${service} must be an http:// URL (got ${base})`);
    parsed.set(service, url);
  }
  return parsed;
}

/** The timing checks AWS makes before a signature is even compared. */
function timingProblem(scope: SignedScope, now: number): string | undefined {
  const signedAt = parseAmzDate(scope.longDate)?.getTime();
  if (signedAt === undefined) return 'The request must contain a valid X-Amz-Date';
  if (scope.presignedExpiresSeconds !== undefined) {
    if (scope.presignedExpiresSeconds < 1 || scope.presignedExpiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS)
      return 'X-Amz-Expires must be between 1 and 604800 seconds';
    if (now > signedAt + scope.presignedExpiresSeconds * 1000) return 'Request has expired';
    return undefined;
  }
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS)
    return 'Signature expired: the difference between the request time and the current time is too large';
  return undefined;
}

/**
 * Starts the IAM gate: an HTTP proxy every function's SDK clients reach through
 * `AWS_ENDPOINT_URL_<SERVICE>`. It reads the caller from the SigV4 credential scope (header or
 * presigned query), checks the signature with that caller's secret, maps the request to the IAM
 * action and resources AWS authorizes it as, evaluates the caller's policy statements, and either
 * answers AccessDenied in the service's own format or forwards the request unchanged to the engine
 * and streams the engine's answer back.
 *
 * @example
 * const gate = await startIamGate({
 *   principals: [{ accessKeyId: 'AKIDVENDORSGET', secretAccessKey: 's3cr3t', name: 'VendorsGetFn', statements }],
 *   region: 'us-east-1', accountId: '000000000000',
 *   upstreams: { dynamodb: 'http://127.0.0.1:4567', sqs: fauxqsUrl, s3: fauxqsUrl },
 * });
 * // worker env: AWS_ENDPOINT_URL_DYNAMODB=gate.url, AWS_ACCESS_KEY_ID=AKIDVENDORSGET, ...
 * await gate.close();
 */
export async function startIamGate(options: IamGateOptions): Promise<IamGate> {
  const principals = indexPrincipals(options.principals);
  const upstreams = parseUpstreams(options.upstreams);
  const verify = options.verifySignatures ?? true;
  const agent = new Agent({ keepAlive: true, maxSockets: UPSTREAM_MAX_SOCKETS });
  const mapping: MappingContext = {
    region: options.region,
    accountId: options.accountId,
    secretArn: secretResolver(options),
    sesIdentities: options.sesIdentities,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));
    const method = req.method ?? 'GET';
    const sesQuery = !rawPath.startsWith('/v2/');
    const refuse = (service: GateService, reply: GateErrorReply): void => writeServiceError(res, service, reply, { sesQuery });

    const reading = readSignature(req.headers, query);
    if (reading.kind === 'unsigned') {
      const service = guessService(req.headers, rawPath);
      return refuse(service, { ...MISSING_AUTH[service], message: 'Request is missing Authentication Token' });
    }
    if (reading.kind === 'malformed') {
      const service = guessService(req.headers, rawPath);
      return refuse(service, {
        status: 400,
        code: service === 's3' ? 'AuthorizationHeaderMalformed' : 'IncompleteSignatureException',
        message: reading.reason,
      });
    }
    const { scope } = reading;
    if (!isGateService(scope.service)) {
      const service = guessService(req.headers, rawPath);
      return refuse(service, { ...BAD_SIGNATURE[service], message: `The IAM gate does not front the service ${scope.service}` });
    }
    const service = scope.service;
    const principal = principals.get(scope.accessKeyId);
    if (!principal) {
      const message =
        service === 's3'
          ? 'The AWS Access Key Id you provided does not exist in our records.'
          : 'The security token included in the request is invalid.';
      return refuse(service, { ...UNKNOWN_KEY[service], message });
    }
    const upstream = upstreams.get(service);
    if (!upstream)
      return refuse(service, { status: 503, code: 'ServiceUnavailable', message: `No local engine is configured for ${service}` });

    const mapper = MAPPERS[service];
    let body: Buffer | undefined;
    if (mapper.readsBody({ method, query, headers: req.headers })) {
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLargeError)
          return refuse(service, { status: 413, code: 'RequestEntityTooLarge', message: error.message });
        throw error;
      }
    }

    if (verify) {
      const problem = timingProblem(scope, Date.now());
      if (problem) {
        const reply =
          problem === 'Request has expired'
            ? ACCESS_DENIED[service]
            : service === 's3'
              ? { status: 403, code: 'RequestTimeTooSkewed' }
              : BAD_SIGNATURE[service];
        return refuse(service, { ...reply, message: problem });
      }
      if (!(await signatureMatches({ method, rawPath, query, headers: req.headers, body }, scope, principal.secretAccessKey))) {
        return refuse(service, {
          ...BAD_SIGNATURE[service],
          message:
            'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
        });
      }
    }

    let requests: ReturnType<typeof mapper.map>;
    try {
      requests = mapper.map({ method, rawPath, query, headers: req.headers, body }, mapping);
    } catch (error) {
      if (error instanceof GateRequestError) return refuse(service, { status: error.status, code: error.code, message: error.message });
      throw error;
    }
    const verdict = authorize(principal, requests, requestContext(principal, options.accountId, options.region), (request, allowed) =>
      options.onDecision?.({ principal: principal.name, service, action: request.action, resources: request.resources, allowed }),
    );
    if (!verdict.allowed) {
      return refuse(service, {
        ...ACCESS_DENIED[service],
        message: deniedMessage(
          sessionArn(options.accountId, principal.name),
          verdict.action,
          verdict.resource,
          verdict.decision === 'deny',
        ),
      });
    }
    await forward(req, res, upstream, rawUrl, body, () =>
      refuse(service, { status: 503, code: 'ServiceUnavailable', message: `The local ${service} engine did not answer` }),
    );
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    upstream: URL,
    rawUrl: string,
    body: Buffer | undefined,
    onDown: () => void,
  ): Promise<void> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
    const basePath = upstream.pathname.replace(/\/$/, '');
    return new Promise<void>((resolve) => {
      const outgoing = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: `${basePath}${rawUrl}`, headers, agent },
        (answer) => {
          const answerHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers))
            if (value !== undefined && !HOP_HEADERS.has(name)) answerHeaders[name] = value;
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answerHeaders);
          pipeline(answer, res).then(resolve, () => resolve());
        },
      );
      outgoing.on('error', () => {
        if (!res.headersSent) onDown();
        else res.destroy();
        resolve();
      });
      if (body) outgoing.end(body);
      else pipeline(req, outgoing).catch(() => outgoing.destroy());
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A defect of the gate, never of the input: say so once, in plain text.
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`IAM gate failure: ${error instanceof Error ? error.message : String(error)}`);
      } else res.destroy();
    });
  });
  const listening = await listen(server, options.port, options.host ?? DEFAULT_HOST);
  return {
    ...listening,
    close: () => {
      agent.destroy();
      return listening.close();
    },
  };
}
