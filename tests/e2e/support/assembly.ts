import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ASSEMBLY_DIR, ASSEMBLY_IGNORED_DIRS, ASSEMBLY_SOURCES, SYNTH_TIMEOUT_MS } from './constants';
import { E2eStackError } from './errors';

/** The newest modification time (ms) of any file under `dir`, skipping folders that never reach an assembly. */
async function newestMtime(dir: string): Promise<{ mtimeMs: number; file: string }> {
  let newest = { mtimeMs: 0, file: '' };
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (ASSEMBLY_IGNORED_DIRS.has(entry.name)) continue;
      const inner = await newestMtime(path);
      if (inner.mtimeMs > newest.mtimeMs) newest = inner;
    } else if (entry.isFile() && !entry.name.endsWith('.md')) {
      const { mtimeMs } = await stat(path);
      if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, file: path };
    }
  }
  return newest;
}

/**
 * Why the assembly must be (re)synthesized, or undefined when it is current: it is missing, or a
 * source it is built from (infrastructure/, packages/, services/ without tests, docs and
 * dependencies) changed after its manifest was written.
 */
export async function assemblyStaleness(root: string): Promise<string | undefined> {
  const manifest = join(root, ASSEMBLY_DIR, 'manifest.json');
  const built = await stat(manifest).catch(() => undefined);
  if (!built) return `${ASSEMBLY_DIR} has no manifest.json`;
  for (const source of ASSEMBLY_SOURCES) {
    const newest = await newestMtime(join(root, source));
    if (newest.mtimeMs > built.mtimeMs) return `${newest.file.slice(root.length + 1)} changed after the last synth`;
  }
  return undefined;
}

/**
 * Makes sure `infrastructure/cdk.out` is a current synth of this checkout (what `cdk deploy`
 * would upload), running `pnpm synth` (bounded) when it is missing or stale. Its output goes to
 * `logFile`. Resolves with what it did, for the run's log.
 *
 * @example
 * await ensureAssembly(repoRoot(), '/tmp/synth.log'); // 'current' | 'synthesized (reason)'
 */
export async function ensureAssembly(root: string, logFile: string): Promise<string> {
  const reason = await assemblyStaleness(root);
  if (!reason) return 'current';
  // A process group of its own: a timeout must stop cdk and its esbuild children too, not only pnpm.
  const child = spawn('pnpm', ['synth'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env, detached: true });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
      reject(new E2eStackError(`pnpm synth did not finish within ${SYNTH_TIMEOUT_MS / 60_000} min (log: ${logFile})`));
    }, SYNTH_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new E2eStackError(`pnpm synth could not start: ${error.message}`));
    });
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0) {
    const output = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-40).join('\n');
    throw new E2eStackError(`pnpm synth failed (exit ${code}); the cloud target needs a synthesized assembly:\n${output}`);
  }
  return `synthesized (${reason})`;
}
