import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (utime and stime in /proc/<pid>/stat are counted in them). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface ProcStat {
  readonly ppid: number;
  /** utime + stime, ms. */
  readonly cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { ppid: Number(fields[1]), cpuMs: (ticks * 1000) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/**
 * CPU ms (user + system) of every live process in the trees rooted at `roots`, per pid; the
 * subtrees rooted at `exclude` are left out (processes counted on a row of their own).
 */
export function treeCpu(roots: ReadonlyArray<number>, exclude: ReadonlyArray<number> = []): Map<number, number> {
  const stats = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  const out = new Map<number, number>();
  const visit = (pid: number): void => {
    const stat = stats.get(pid);
    if (!stat || out.has(pid) || (exclude.includes(pid) && !roots.includes(pid))) return;
    out.set(pid, stat.cpuMs);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  for (const root of roots) visit(root);
  return out;
}

/**
 * CPU ms the trees used between `before` and `after` (a process born in between counts from
 * zero; one that exited in between is not counted, as its time is no longer in /proc).
 */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
