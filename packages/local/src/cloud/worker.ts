/**
 * One Lambda "container": this file runs as a worker process of its own (forked by the function
 * pool, compiled once per run with esbuild), loads the function's asset handler once (init),
 * then serves invocations one at a time over IPC. It gives the bundle the Node.js runtime's
 * `awslambda` global (response streaming) and a Lambda context with the real deadline.
 */
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** Parent -> worker. */
export type WorkerRequest =
  | { type: 'invoke'; id: string; event: unknown; requestId: string; deadline: number; stream: boolean }
  | { type: 'abort'; id: string };

/** Worker -> parent. */
export type WorkerReply =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'result'; id: string; ok: true; value: unknown }
  | { type: 'result'; id: string; ok: false; error: SerializedError }
  | { type: 'chunk'; id: string; data: string }
  | { type: 'end'; id: string };

export interface SerializedError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

type Handler = ((event: unknown, context: unknown, callback?: (error: unknown, value?: unknown) => void) => unknown) & {
  [STREAMING]?: string;
};
type StreamingHandler = (event: unknown, stream: Writable, context: unknown) => Promise<unknown>;

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const DELIMITER = Buffer.alloc(8);

function send(reply: WorkerReply): void {
  process.send?.(reply);
}

function serialize(error: unknown): SerializedError {
  const err = error instanceof Error ? error : new Error(String(error));
  return { errorType: err.name || 'Error', errorMessage: err.message, trace: (err.stack ?? '').split('\n') };
}

// The Node.js runtime's global for response streaming (what `awslambda.streamifyResponse` marks).
(globalThis as unknown as { awslambda: unknown }).awslambda = {
  streamifyResponse(handler: Handler): Handler {
    handler[STREAMING] = 'response';
    return handler;
  },
  HttpResponseStream: {
    from(stream: Writable, prelude: Record<string, unknown>): Writable {
      stream.write(JSON.stringify(prelude));
      stream.write(DELIMITER);
      return stream;
    },
  },
};

/**
 * ESM resolution ignores NODE_PATH, where Lambda's runtime-provided SDK and the layers are; a
 * bundle's `import('@aws-sdk/...')` must find them all the same. This resolve hook retries a bare
 * specifier the default resolver could not find in each NODE_PATH folder.
 */
const NODE_PATH_HOOKS = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const folders = (process.env.NODE_PATH || '').split(':').filter(Boolean);
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || /^[./]|^[a-z]+:/.test(specifier)) throw error;
    for (const folder of folders) {
      try {
        const file = createRequire(folder + '/').resolve(specifier);
        return { url: pathToFileURL(file).href, shortCircuit: true };
      } catch {}
    }
    throw error;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(NODE_PATH_HOOKS)}`, pathToFileURL(__filename));

async function loadHandler(): Promise<Handler> {
  const root = process.env.LAMBDA_TASK_ROOT as string;
  const spec = process.env._HANDLER as string;
  const dot = spec.lastIndexOf('.');
  const modulePath = spec.slice(0, dot);
  const exportName = spec.slice(dot + 1);
  const candidates = ['.js', '.mjs', '.cjs'].map((extension) => join(root, `${modulePath}${extension}`));
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) throw Object.assign(new Error(`Cannot find module '${modulePath}'`), { name: 'Runtime.ImportModuleError' });
  const loaded = (file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file)) as Record<string, unknown>;
  const handler = (loaded[exportName] ?? (loaded.default as Record<string, unknown> | undefined)?.[exportName]) as Handler | undefined;
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${modulePath}.${exportName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return handler;
}

function lambdaContext(requestId: string, deadline: number): Record<string, unknown> {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME as string;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The writable a streaming handler writes to: every chunk goes to the parent as it is written. */
function responseStream(id: string): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      send({ type: 'chunk', id, data: Buffer.from(chunk).toString('base64') });
      callback();
    },
    final(callback) {
      send({ type: 'end', id });
      callback();
    },
  });
}

const streams = new Map<string, Writable>();

async function invoke(handler: Handler, request: Extract<WorkerRequest, { type: 'invoke' }>): Promise<void> {
  const context = lambdaContext(request.requestId, request.deadline);
  process.env._X_AMZN_TRACE_ID = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${request.requestId.replace(/-/g, '').slice(0, 24)}`;
  try {
    let value: unknown;
    if (request.stream && handler[STREAMING] === 'response') {
      const stream = responseStream(request.id);
      streams.set(request.id, stream);
      value = await (handler as unknown as StreamingHandler)(request.event, stream, context);
      if (!stream.writableEnded && !stream.destroyed) stream.end();
    } else if (handler.length >= 3) {
      // Callback-style handler.
      value = await new Promise((resolve, reject) => {
        const result = handler(request.event, context, (error, output) => (error ? reject(error) : resolve(output)));
        if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(resolve, reject);
      });
    } else {
      value = await handler(request.event, context);
    }
    send({ type: 'result', id: request.id, ok: true, value: value === undefined ? null : value });
  } catch (error) {
    send({ type: 'result', id: request.id, ok: false, error: serialize(error) });
  } finally {
    streams.delete(request.id);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  let handler: Handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    send({ type: 'init-error', error: serialize(error) });
    process.exitCode = 1;
    return;
  }
  process.on('message', (message: WorkerRequest) => {
    if (message.type === 'abort') {
      streams.get(message.id)?.destroy();
      return;
    }
    void invoke(handler, message);
  });
  send({ type: 'ready', initMs: performance.now() - started });
}

// An error outside an invocation's promise chain kills the container, as in Lambda.
process.on('uncaughtException', (error) => {
  process.stderr.write(`${JSON.stringify({ level: 'ERROR', message: 'Uncaught exception', ...serialize(error) })}\n`);
  process.exit(129);
});
process.on('disconnect', () => process.exit(0));
void main();
