import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from '../api/listen';
import { LambdaInvokeError } from './errors';
import type { FunctionRegistry } from './registry';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
/** Lambda's synchronous payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface RunningInvokeServer {
  readonly url: string;
  close(): Promise<void>;
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type });
  res.end(JSON.stringify({ Type: 'User', message }));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) over the local pools:
 * RequestResponse answers 200 with the payload (a function error: 200 with
 * `X-Amz-Function-Error: Unhandled` and Lambda's error JSON), Event answers 202 and runs in the
 * background, DryRun answers 204. It is the IAM gate's `lambda` upstream.
 *
 * @example
 * const invoke = await startInvokeServer(registry);
 * // AWS_ENDPOINT_URL_LAMBDA=<gate> -> gate -> invoke.url
 */
export async function startInvokeServer(
  registry: FunctionRegistry,
  onEventError?: (name: string, error: unknown) => void,
): Promise<RunningInvokeServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = INVOKE_PATH.exec(url.pathname);
      if (req.method !== 'POST' || !match)
        return sendError(res, 404, 'UnrecognizedClientException', `No operation at ${req.method} ${url.pathname}`);
      const pool = registry.find(match[1] as string);
      if (!pool) return sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${decodeURIComponent(match[1] as string)}`);
      const body = await readBody(req);
      if (body.length > MAX_PAYLOAD_BYTES)
        return sendError(
          res,
          413,
          'RequestTooLargeException',
          'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        );
      let event: unknown = {};
      try {
        if (body.length > 0) event = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (type === 'DryRun') {
        res.writeHead(204);
        return res.end();
      }
      if (type === 'Event') {
        pool.invoke(event).catch((error: unknown) => onEventError?.(pool.definition.name, error));
        res.writeHead(202, { 'X-Amz-Executed-Version': '$LATEST' });
        return res.end();
      }
      try {
        const value = await pool.invoke(event);
        const text = JSON.stringify(value ?? null);
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' });
        res.end(text);
      } catch (error) {
        const failure = error instanceof LambdaInvokeError ? error : new LambdaInvokeError('Runtime.Unknown', String(error));
        if (failure.errorType === 'TooManyRequestsException') return sendError(res, 429, failure.errorType, failure.message);
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'X-Amz-Executed-Version': '$LATEST',
          'X-Amz-Function-Error': 'Unhandled',
        });
        res.end(JSON.stringify({ errorType: failure.errorType, errorMessage: failure.message, trace: [] }));
      }
    })().catch(() => {
      if (!res.headersSent) sendError(res, 500, 'ServiceException', 'The local Lambda service failed');
      else res.destroy();
    });
  });
  return listen(server);
}
