import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import Redis from 'ioredis';
import { EngineStartError } from '../errors';
import { freePort } from './ports';
import type { RunningEngine } from './types';

export interface RedisServerOptions {
  /** Use this Redis instead of spawning one (REDIS_URL). */
  readonly url?: string;
  readonly port?: number;
  /** AUTH password of a spawned server; the returned URL carries it. */
  readonly requirePass?: string;
}

/** A redis-server the stack spawned: it can also be killed and restarted on the same port (outage tests). */
export interface SpawnedRedis extends RunningEngine {
  readonly port: number;
  /** SIGKILLs the server, as an outage would. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

/** The redis-server binary (REDIS_SERVER_BIN, else the one on PATH). */
export function redisServerBinary(): string {
  if (process.env.REDIS_SERVER_BIN) return process.env.REDIS_SERVER_BIN;
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new EngineStartError(
      'redis',
      'redis-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`, macOS: `brew install redis`) or set REDIS_URL to a running Redis.',
    );
  }
}

/** Resolves once a Redis at `url` answers PING (retrying for `timeoutMs`). */
export async function waitForPing(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  // A refused connect leaves the client `end`ed with its socket already closed: disconnect() then
  // arms ioredis' 2 s "destroy the stream if it is still open" timer, which only the socket's
  // next `close` clears, so it stays pending (ref'd) and holds the process for 2 s. Only an open
  // connection needs closing.
  const close = (): void => {
    if (client.status !== 'end') client.disconnect();
  };
  try {
    while (true) {
      try {
        await client.connect();
        await client.ping();
        return;
      } catch (error) {
        close();
        if (Date.now() > deadline) throw new EngineStartError('redis', `no answer at ${url}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    close();
  }
}

/** Spawns a private redis-server on a free port: nothing on disk, loopback only. */
export async function spawnRedisServer(options: { port?: number; requirePass?: string } = {}): Promise<SpawnedRedis> {
  const binary = redisServerBinary();
  const port = options.port ?? (await freePort());
  const url = `redis://127.0.0.1:${port}`;
  const auth = options.requirePass ? ['--requirepass', options.requirePass] : [];
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', ...auth],
      {
        stdio: 'ignore',
      },
    );
    child.on('error', () => undefined);
    await waitForPing(options.requirePass ? `redis://:${encodeURIComponent(options.requirePass)}@127.0.0.1:${port}` : url);
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };

  await start();
  return {
    url,
    port,
    owned: true,
    get pid() {
      return child?.pid;
    },
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    restart: start,
  };
}

/** REDIS_URL when given (checked), else a spawned redis-server. */
export async function startRedis(options: RedisServerOptions = {}): Promise<RunningEngine> {
  if (options.url) {
    await waitForPing(options.url, 3_000);
    return { url: options.url, owned: false, stop: async () => undefined };
  }
  const spawned = await spawnRedisServer({ port: options.port, requirePass: options.requirePass });
  if (!options.requirePass) return spawned;
  const url = `redis://:${encodeURIComponent(options.requirePass)}@127.0.0.1:${spawned.port}`;
  return {
    url,
    owned: true,
    stop: () => spawned.stop(),
    get pid() {
      return spawned.pid;
    },
  };
}
