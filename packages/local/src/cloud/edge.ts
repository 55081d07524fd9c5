import { createServer, type IncomingHttpHeaders, request, type Server, type ServerResponse } from 'node:http';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { compileGlob, type GlobMatcher } from '@roadcall/utils/cache';
import { sendJson } from '../api';
import { type ListeningServer, listen } from '../api/listen';
import type { AssemblyModel } from './model';

type Json = Record<string, unknown>;

/** One origin of the distribution that is the served REST API, with the headers CloudFront adds. */
interface ApiOrigin {
  readonly id: string;
  readonly customHeaders: Readonly<Record<string, string>>;
}

/** The part of a CloudFront distribution the local edge plays: which paths go to the API, and with what. */
export interface EdgeDistribution {
  readonly logicalId: string;
  /** Cache behaviors in CloudFront's order (first match wins), then the default (`*`). */
  readonly behaviors: ReadonlyArray<{ readonly pathPattern: string; readonly originId: string }>;
  readonly apiOrigins: ReadonlyMap<string, ApiOrigin>;
  /** S3 origins (the static assets): origin id to the bucket's physical name. */
  readonly bucketOrigins: ReadonlyMap<string, string>;
  /** `DefaultRootObject`: what `/` serves from a bucket origin. */
  readonly defaultRootObject?: string;
}

/** Hop-by-hop headers a proxy does not forward (RFC 9110 section 7.6.1), and the viewer's Host. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/**
 * CloudFront path patterns: `*` any run of characters (slashes included), `?` exactly one,
 * case-sensitive: the cache's linear-time glob matcher, on the pattern with its leading slash.
 */
export function pathPatternMatcher(pattern: string): GlobMatcher {
  return compileGlob(pattern.startsWith('/') || pattern === '*' ? pattern : `/${pattern}`);
}

function resolvedOr(model: AssemblyModel, stack: string, value: unknown): unknown {
  try {
    return model.resolve(stack, value);
  } catch {
    // An origin of a service with no local engine (an S3 origin's GetAtt, say): not the API.
    return undefined;
  }
}

/**
 * The CloudFront distribution in front of the served REST API, if the assembly has one: an origin
 * is the API when its domain resolves to `<rest api id>.execute-api.<region>...`; its
 * `OriginCustomHeaders` (dynamic references resolved, as CloudFormation does at deploy) are what
 * CloudFront adds to every request it forwards there.
 *
 * @example
 * const distribution = distributionOf(model, { stack: api.stack, restApiId: api.restApiId });
 */
export function distributionOf(
  model: AssemblyModel,
  api: { readonly stack: string; readonly restApiId: string },
): EdgeDistribution | undefined {
  const restApi = model.ref(api.stack, api.restApiId);
  for (const { stack, logicalId, resource } of model.resourcesOfType('AWS::CloudFront::Distribution')) {
    const config = (resource.Properties?.DistributionConfig ?? {}) as Json;
    const apiOrigins = new Map<string, ApiOrigin>();
    const bucketOrigins = new Map<string, string>();
    for (const origin of (config.Origins as Json[] | undefined) ?? []) {
      // An S3 origin names its bucket by `Fn::GetAtt [<bucket>, RegionalDomainName]`.
      const bucket = (origin.DomainName as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
      if (origin.S3OriginConfig && bucket) bucketOrigins.set(String(origin.Id), model.physicalName(stack, bucket));
      const domain = resolvedOr(model, stack, origin.DomainName);
      if (typeof domain !== 'string' || !domain.startsWith(`${restApi}.execute-api.`)) continue;
      const id = String(origin.Id);
      const headers = (model.resolve(stack, origin.OriginCustomHeaders ?? []) as Array<{ HeaderName: string; HeaderValue: string }>) ?? [];
      apiOrigins.set(id, {
        id,
        customHeaders: Object.fromEntries(headers.map((h) => [h.HeaderName.toLowerCase(), String(h.HeaderValue)])),
      });
    }
    if (apiOrigins.size === 0) continue;
    const behaviors = ((config.CacheBehaviors as Json[] | undefined) ?? []).map((behavior) => ({
      pathPattern: String(behavior.PathPattern),
      originId: String(behavior.TargetOriginId),
    }));
    const fallback = (config.DefaultCacheBehavior ?? {}) as Json;
    return {
      logicalId,
      behaviors: [...behaviors, { pathPattern: '*', originId: String(fallback.TargetOriginId) }],
      apiOrigins,
      bucketOrigins,
      defaultRootObject: config.DefaultRootObject === undefined ? undefined : String(config.DefaultRootObject),
    };
  }
  return undefined;
}

export type RunningEdge = ListeningServer;

/**
 * The distribution's routing in front of the local API server: a request whose path a behavior
 * sends to the API origin is forwarded with the viewer's headers and the origin's custom headers
 * (which overwrite a viewer header of the same name, as CloudFront does), streamed both ways.
 * A path a behavior sends to the static bucket is read from the local S3. What the edge does not
 * emulate: caching, compression, the CloudFront web ACL, functions and viewer TLS.
 *
 * @example
 * const edge = await startEdge({ distribution, apiUrl: api.url, port: 3000 });
 */
export async function startEdge(options: {
  readonly distribution: EdgeDistribution;
  readonly apiUrl: string;
  /** The local S3 endpoint the bucket origins are read from. */
  readonly s3Endpoint: string;
  readonly region: string;
  readonly port?: number;
  readonly host?: string;
}): Promise<RunningEdge> {
  const upstream = new URL(options.apiUrl);
  const behaviors = options.distribution.behaviors.map((entry) => ({ ...entry, matcher: pathPatternMatcher(entry.pathPattern) }));
  const s3 = new S3Client({
    region: options.region,
    endpoint: options.s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://edge').pathname;
    const behavior = behaviors.find((entry) => entry.matcher.test(path));
    const bucket = behavior ? options.distribution.bucketOrigins.get(behavior.originId) : undefined;
    if (bucket) {
      serveObject(s3, bucket, path, options.distribution.defaultRootObject, res);
      return;
    }
    const origin = behavior ? options.distribution.apiOrigins.get(behavior.originId) : undefined;
    if (!origin) {
      sendJson(res, 502, {
        error: { code: 'NOT_EMULATED', message: `${path} goes to a CloudFront origin the local runtime does not serve` },
      });
      return;
    }
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!NOT_FORWARDED.has(name)) headers[name] = value;
    Object.assign(headers, origin.customHeaders);
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      const back: IncomingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!NOT_FORWARDED.has(name)) back[name] = value;
      res.writeHead(answer.statusCode ?? 502, back);
      answer.pipe(res);
    });
    forwarded.on('error', () => {
      if (!res.headersSent) sendJson(res, 502, { error: { code: 'BAD_GATEWAY', message: 'The API origin did not answer' } });
      else res.destroy();
    });
    // A viewer that goes away mid-stream (an SSE client closing) closes the origin request too.
    res.on('close', () => {
      if (!res.writableFinished) forwarded.destroy();
    });
    req.pipe(forwarded);
  });
  const listening = await listen(server, options.port, options.host);
  return { ...listening, close: () => listening.close().finally(() => s3.destroy()) };
}

/**
 * A bucket origin behind origin access control: the object at the path (`/` is the default root
 * object), or S3's 403 `AccessDenied` for a missing key, which is what CloudFront passes on when
 * the origin may not list the bucket.
 */
function serveObject(s3: S3Client, bucket: string, path: string, rootObject: string | undefined, res: ServerResponse): void {
  // Inside the chain: a bad percent-encoding rejects (AccessDenied) instead of throwing in the listener.
  Promise.resolve()
    .then(() =>
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: path === '/' && rootObject ? rootObject : decodeURIComponent(path.slice(1)) })),
    )
    .then(async (object) => {
      const body = await object.Body?.transformToByteArray();
      res.writeHead(200, {
        'Content-Type': object.ContentType ?? 'application/octet-stream',
        ...(object.ETag ? { ETag: object.ETag } : {}),
        'Content-Length': body?.byteLength ?? 0,
      });
      res.end(body ? Buffer.from(body) : undefined);
    })
    .catch(() => {
      const xml = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
      res.writeHead(403, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
      res.end(xml);
    });
}
