import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { HEAP_SHARE_OF_MEMORY, WORKER_IDLE_MS, WORKER_INIT_TIMEOUT_MS } from './constants';
import { LambdaInvokeError } from './errors';
import type { SerializedError, WorkerReply, WorkerRequest } from './worker';

/** A function of the template, ready to run locally. */
export interface FunctionDefinition {
  /** Physical name (the Lambda FunctionName). */
  readonly name: string;
  readonly logicalId: string;
  readonly stack: string;
  /** The asset directory (LAMBDA_TASK_ROOT): the exact bundle `cdk deploy` uploads. */
  readonly codeDir: string;
  readonly handler: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** The complete worker environment (template env resolved, Lambda's reserved variables, credentials, endpoints). */
  readonly env: Record<string, string>;
  /** ReservedConcurrentExecutions: invocations beyond it are throttled, as in Lambda. */
  readonly reservedConcurrency?: number;
}

/** What one invocation reports (the REPORT line's figures). */
export interface InvocationReport {
  readonly functionName: string;
  readonly requestId: string;
  readonly durationMs: number;
  /** Set on a cold start: how long the worker's init (loading the bundle) took. */
  readonly initDurationMs?: number;
  readonly workerPid: number;
  readonly error?: SerializedError;
}

export interface PoolOptions {
  /** The compiled worker bootstrap (see worker.ts). */
  readonly bootstrap: string;
  /** Workers at most when the function reserves no concurrency. */
  readonly maxWorkers: number;
  readonly onReport?: (report: InvocationReport) => void;
  /** A worker's stdout/stderr lines (its logs). */
  readonly onLog?: (functionName: string, line: string) => void;
}

export interface InvokeOptions {
  /** Response streaming: chunks the function writes are written here as they come. */
  readonly stream?: Writable;
}

type Pending = {
  resolve(value: unknown): void;
  reject(error: Error): void;
  stream?: Writable;
};

class Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<number>;
  busy = false;
  cold = true;
  idleTimer: NodeJS.Timeout | undefined;
  #pending = new Map<string, Pending>();
  #exited = false;
  #killed = false;

  constructor(definition: FunctionDefinition, options: PoolOptions) {
    const heapMb = Math.max(32, Math.floor(definition.memoryMb * HEAP_SHARE_OF_MEMORY));
    this.child = fork(options.bootstrap, [], {
      cwd: definition.codeDir,
      env: { ...definition.env, AWS_LAMBDA_LOG_STREAM_NAME: `local/${randomUUID()}` },
      execArgv: [`--max-old-space-size=${heapMb}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    for (const output of [this.child.stdout, this.child.stderr]) {
      let buffered = '';
      output?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line) options.onLog?.(definition.name, line);
      });
    }
    this.ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new LambdaInvokeError('Runtime.InitTimeout', 'The function did not initialise in time')),
        WORKER_INIT_TIMEOUT_MS,
      );
      const onMessage = (message: WorkerReply): void => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.initMs);
        } else if (message.type === 'init-error') {
          clearTimeout(timer);
          reject(new LambdaInvokeError(message.error.errorType, message.error.errorMessage));
        }
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new LambdaInvokeError('Runtime.ExitError', `Runtime exited before init completed (${signal ?? `code ${code}`})`));
      });
    });
    this.ready.catch(() => undefined);
    this.child.on('message', (message: WorkerReply) => this.#onReply(message));
    this.child.once('exit', (code, signal) => {
      this.#exited = true;
      const error = new LambdaInvokeError(
        'Runtime.ExitError',
        `Error: Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`,
      );
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    });
  }

  get alive(): boolean {
    return !this.#exited && !this.#killed;
  }

  #onReply(message: WorkerReply): void {
    if (message.type === 'ready' || message.type === 'init-error') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.type === 'chunk') {
      pending.stream?.write(Buffer.from(message.data, 'base64'));
    } else if (message.type === 'end') {
      pending.stream?.end();
    } else {
      this.#pending.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new LambdaInvokeError(message.error.errorType, message.error.errorMessage));
    }
  }

  run(event: unknown, requestId: string, deadline: number, stream?: Writable): Promise<unknown> {
    const id = requestId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, stream });
      // The client went away: the function's stream closes, as Lambda's does.
      stream?.once('close', () => {
        if (this.#pending.has(id) && !this.#exited) this.child.send({ type: 'abort', id } satisfies WorkerRequest);
      });
      this.child.send({ type: 'invoke', id, event, requestId, deadline, stream: Boolean(stream) } satisfies WorkerRequest);
    });
  }

  async kill(): Promise<void> {
    this.#killed = true;
    if (this.#exited) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }
}

/**
 * The containers of one function: worker processes started on demand (a cold start runs the
 * bundle's init once and is reported with its duration), reused while warm, scaled out while
 * every worker is busy up to the cap (reserved concurrency throttles beyond it; otherwise
 * invocations queue for the next free worker). A timeout kills the worker and fails the
 * invocation with Lambda's `Task timed out after N.NN seconds`.
 *
 * @example
 * const pool = new FunctionPool(definition, { bootstrap, maxWorkers: 4 });
 * const result = await pool.invoke({ httpMethod: 'GET', path: '/health' });
 */
export class FunctionPool {
  readonly #workers: Worker[] = [];
  readonly #waiting: Array<(worker: Worker) => void> = [];
  #coldStarts = 0;
  #invocations = 0;
  #stopped = false;

  constructor(
    readonly definition: FunctionDefinition,
    readonly options: PoolOptions,
  ) {}

  /** Workers alive, cold starts and invocations so far. */
  stats(): { workers: number; busy: number; coldStarts: number; invocations: number; pids: number[] } {
    const alive = this.#workers.filter((worker) => worker.alive);
    return {
      workers: alive.length,
      busy: alive.filter((worker) => worker.busy).length,
      coldStarts: this.#coldStarts,
      invocations: this.#invocations,
      pids: alive.map((worker) => worker.child.pid as number),
    };
  }

  get cap(): number {
    return this.definition.reservedConcurrency ?? this.options.maxWorkers;
  }

  async #acquire(): Promise<Worker> {
    const idle = this.#workers.find((worker) => worker.alive && !worker.busy);
    if (idle) {
      idle.busy = true;
      clearTimeout(idle.idleTimer);
      return idle;
    }
    const alive = this.#workers.filter((worker) => worker.alive);
    if (alive.length < this.cap) {
      const worker = new Worker(this.definition, this.options);
      worker.busy = true;
      this.#workers.push(worker);
      this.#coldStarts++;
      return worker;
    }
    if (this.definition.reservedConcurrency !== undefined) {
      throw new LambdaInvokeError('TooManyRequestsException', 'Rate Exceeded.');
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(worker: Worker): void {
    const index = this.#workers.indexOf(worker);
    if (!worker.alive) {
      if (index >= 0) this.#workers.splice(index, 1);
      // A waiter gets a fresh worker in place of the dead one.
      const next = this.#waiting.shift();
      if (next && !this.#stopped) {
        const fresh = new Worker(this.definition, this.options);
        fresh.busy = true;
        this.#workers.push(fresh);
        this.#coldStarts++;
        next(fresh);
      }
      return;
    }
    const next = this.#waiting.shift();
    if (next) {
      next(worker);
      return;
    }
    worker.busy = false;
    worker.idleTimer = setTimeout(() => {
      if (!worker.busy) {
        this.#workers.splice(this.#workers.indexOf(worker), 1);
        void worker.kill();
      }
    }, WORKER_IDLE_MS);
    worker.idleTimer.unref();
  }

  /** Invokes the function once and resolves with what it returned (rejects with a LambdaInvokeError). */
  async invoke(event: unknown, options: InvokeOptions = {}): Promise<unknown> {
    if (this.#stopped) throw new LambdaInvokeError('ServiceException', 'The local runtime is stopping');
    const worker = await this.#acquire();
    this.#invocations++;
    const requestId = randomUUID();
    const { timeoutSeconds, name } = this.definition;
    let initDurationMs: number | undefined;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (worker.cold) {
        initDurationMs = await worker.ready;
        worker.cold = false;
      }
      const deadline = Date.now() + timeoutSeconds * 1000;
      const timedOut = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          // Lambda stops the sandbox at the deadline; the next invocation starts cold.
          void worker.kill();
          reject(new LambdaInvokeError('Sandbox.Timedout', `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`));
        }, timeoutSeconds * 1000);
      });
      const value = await Promise.race([worker.run(event, requestId, deadline, options.stream), timedOut]);
      this.options.onReport?.({
        functionName: name,
        requestId,
        durationMs: performance.now() - started,
        initDurationMs,
        workerPid: worker.child.pid as number,
      });
      return value;
    } catch (error) {
      const failure = error instanceof LambdaInvokeError ? error : new LambdaInvokeError('Runtime.Unknown', String(error));
      this.options.onReport?.({
        functionName: name,
        requestId,
        durationMs: performance.now() - started,
        initDurationMs,
        workerPid: worker.child.pid as number,
        error: { errorType: failure.errorType, errorMessage: failure.message, trace: [] },
      });
      if (!worker.alive || worker.cold) await worker.kill();
      throw failure;
    } finally {
      clearTimeout(timer);
      this.#release(worker);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#workers.map((worker) => worker.kill()));
    this.#workers.length = 0;
  }
}
