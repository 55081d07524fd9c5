import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** A streaming Lambda handler: `awslambda.streamifyResponse`'s `(event, responseStream, context)`. */
export type StreamingHandler = (event: APIGatewayProxyEvent, responseStream: Writable, context: Context) => Promise<unknown>;

const DELIMITER = Buffer.alloc(8);

/**
 * Serves a streaming function as API Gateway REST response streaming does: the function writes a
 * JSON prelude (`{ statusCode, headers }`) and 8 NUL bytes (what `awslambda.HttpResponseStream.from`
 * writes), then the body, which reaches the client chunk by chunk. When the client goes away the
 * writable is destroyed, so the function sees `close` and stops. Resolves with the status sent.
 */
export async function serveStream(
  res: ServerResponse,
  handler: StreamingHandler,
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<number> {
  let prelude: Buffer | undefined = Buffer.alloc(0);
  let status = 200;
  const sendHead = (metadata: { statusCode?: number; headers?: Record<string, string> }): void => {
    status = metadata.statusCode ?? 200;
    res.writeHead(status, { 'Content-Type': 'application/octet-stream', ...metadata.headers });
    res.flushHeaders();
  };
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (prelude === undefined) {
        res.write(chunk, () => callback());
        return;
      }
      prelude = Buffer.concat([prelude, chunk]);
      const end = prelude.indexOf(DELIMITER);
      if (end === -1) {
        callback();
        return;
      }
      try {
        sendHead(JSON.parse(prelude.subarray(0, end).toString('utf8')) as { statusCode?: number; headers?: Record<string, string> });
      } catch {
        sendHead({ statusCode: 502 });
      }
      const rest = prelude.subarray(end + DELIMITER.length);
      prelude = undefined;
      if (rest.length > 0) res.write(rest, () => callback());
      else callback();
    },
    final(callback) {
      // No prelude at all: Lambda answers 200 with whatever was written.
      if (prelude !== undefined) {
        const body = prelude;
        prelude = undefined;
        sendHead({});
        res.write(body);
      }
      res.end(() => callback());
    },
  });
  res.once('close', () => {
    if (!stream.destroyed) stream.destroy();
  });
  try {
    await handler(event, stream, context);
    if (!stream.writableEnded && !stream.destroyed) stream.end();
  } catch {
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal server error' }));
      return 502;
    }
    res.destroy();
  }
  return status;
}
