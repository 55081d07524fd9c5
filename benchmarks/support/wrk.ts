import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuBetween, treeCpu } from './procstat';

/** The marker line benchmarks/support/mix.lua prints from wrk's done(). */
const RESULT_MARKER = 'WRK_RESULT ';
/** wrk threads: one per core of the machine this bench is calibrated for (2). */
export const WRK_THREADS = 2;

/** The data the Lua mix reads (prepended to mix.lua as a Lua table). */
export interface MixData {
  readonly token: string;
  readonly vendors: number;
  readonly metros: ReadonlyArray<{ lat: number; lon: number; spreadKm: number }>;
  readonly incidents: ReadonlyArray<string>;
  /** Distinguishes the idempotency keys of one bench run from another's. */
  readonly run: string;
}

/** One wrk run: its figures and the CPU each watched process tree used. */
export interface WrkRun {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Non-2xx/3xx answers plus socket errors and timeouts. */
  readonly errors: number;
  /** CPU ms per request of each watched tree, and of wrk itself (`generator`). */
  readonly cpuMsPerRequest: Record<string, number>;
}

function luaValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `{${value.map(luaValue).join(',')}}`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}=${luaValue(inner)}`)
      .join(',')}}`;
  }
  throw new Error(`No Lua form for ${String(value)}`);
}

/** Writes the mix script (data table + mix.lua) to a temporary file; returns its path. */
export function writeMixScript(data: MixData): string {
  const dir = mkdtempSync(join(tmpdir(), 'roadcall-bench-api-'));
  const file = join(dir, 'mix.lua');
  writeFileSync(file, `MIX = ${luaValue(data)}\n${readFileSync(join(__dirname, 'mix.lua'), 'utf8')}`);
  return file;
}

/**
 * Runs wrk against `url` with the mix: `rate` 0 drives as fast as `connections` allow, else the
 * script paces an open-loop schedule of `rate` requests/s. CPU is read from /proc around the run
 * for each tree in `watch` (name -> root pids) and for wrk.
 */
export async function runWrk(options: {
  readonly url: string;
  readonly script: string;
  readonly connections: number;
  readonly seconds: number;
  readonly rate?: number;
  readonly watch: Record<string, ReadonlyArray<number>>;
}): Promise<WrkRun> {
  const args = [
    `-t${WRK_THREADS}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '5s',
    '-s',
    options.script,
    options.url,
    '--',
    String(options.rate ?? 0),
    String(WRK_THREADS),
  ];
  const before = Object.fromEntries(Object.entries(options.watch).map(([name, pids]) => [name, treeCpu(pids)]));
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // wrk's own CPU, read just before it exits (the last sample wins).
  const pid = child.pid as number;
  let generatorMs = 0;
  const sampler = setInterval(() => {
    const ms = treeCpu([pid]).get(pid);
    if (ms !== undefined) generatorMs = ms;
  }, 200);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearInterval(sampler);
  const after = Object.fromEntries(Object.entries(options.watch).map(([name, pids]) => [name, treeCpu(pids)]));
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARKER));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}): ${stderr || stdout}`);
  const raw = JSON.parse(line.slice(RESULT_MARKER.length)) as Record<string, number>;
  const requests = raw.requests as number;
  const seconds = (raw.durationUs as number) / 1e6;
  const perRequest = (ms: number): number => (requests > 0 ? ms / requests : Number.NaN);
  const cpuMsPerRequest: Record<string, number> = {};
  for (const name of Object.keys(options.watch)) {
    cpuMsPerRequest[name] = perRequest(cpuBetween(before[name] as Map<number, number>, after[name] as Map<number, number>));
  }
  cpuMsPerRequest.generator = perRequest(generatorMs);
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: (raw.p50Us as number) / 1000,
    p95: (raw.p95Us as number) / 1000,
    p99: (raw.p99Us as number) / 1000,
    max: (raw.maxUs as number) / 1000,
    errors:
      (raw.non2xx as number) +
      (raw.connectErrors as number) +
      (raw.readErrors as number) +
      (raw.writeErrors as number) +
      (raw.timeouts as number),
    cpuMsPerRequest,
  };
}
