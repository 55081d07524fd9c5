import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GateService, IamGateOptions, RunningGate, SecretsManagerOptions } from './gate';

/** The service a signed request is for: the SigV4 credential scope `AKID/date/region/SERVICE/aws4_request`. */
export function signedService(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  const scope =
    /Credential=([^,\s]+)/.exec(header)?.[1] ?? new URL(req.url ?? '/', 'http://local').searchParams.get('X-Amz-Credential') ?? '';
  return scope.split('/')[3];
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** SES v1 and v2 both sign as `ses`; the rest sign with their own name. */
function upstreamFor(options: IamGateOptions, service: string | undefined): string | undefined {
  if (!service) return undefined;
  return options.upstreams[(service === 'email' ? 'ses' : service) as GateService];
}

/**
 * Stand-in for the IAM gate while `./iam` is absent: forwards every signed request to its
 * service's engine, unchanged, without evaluating any policy; an unsigned request or unknown
 * access key is refused (403) as the gate would.
 */
export async function startPassThroughGate(options: IamGateOptions): Promise<RunningGate> {
  const keys = new Set(options.principals.map((principal) => principal.accessKeyId));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const service = signedService(req);
    const keyId = (/Credential=([^/\s]+)/.exec(req.headers.authorization ?? '')?.[1] ??
      new URL(req.url ?? '/', 'http://local').searchParams.get('X-Amz-Credential')?.split('/')[0]) as string | undefined;
    const upstream = upstreamFor(options, service);
    if (!upstream || !keyId || !keys.has(keyId)) {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }));
      return;
    }
    const target = new URL(req.url ?? '/', upstream);
    const forward = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  const port = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Stand-in for the local Secrets Manager while `./iam` is absent: GetSecretValue and DescribeSecret (JSON protocol). */
export async function startSecretsManagerStandIn(options: SecretsManagerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const find = (id: unknown) => options.secrets.find((secret) => secret.arn === id || secret.name === id);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').split('.')[1];
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const secret = find(input.SecretId);
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (!secret) return send(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      if (action === 'GetSecretValue') {
        return send(200, {
          ARN: secret.arn,
          Name: secret.name,
          SecretString: secret.value,
          VersionId: 'local',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 0,
        });
      }
      if (action === 'DescribeSecret') return send(200, { ARN: secret.arn, Name: secret.name });
      return send(400, { __type: 'InvalidRequestException', message: `${action} is not supported locally` });
    });
  });
  const port = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
