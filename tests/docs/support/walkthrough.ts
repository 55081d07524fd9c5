/**
 * The docs' walk-throughs as tests: every ```sh walkthrough block of a docs page is cut into shell
 * commands, each run in one persistent bash session (so variables carry from one command, and one
 * page, to the next), and every `curl` in it is checked against the answer the page says it gives.
 *
 * A page states what a command answers in a trailing comment, `# → <status> [text]`: every curl the
 * command runs must answer that status, and the text (when given) must appear in what the command
 * printed or what its curls received. A curl command without such a comment is an error: a page
 * whose answers cannot be checked drifts.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The fence info string that marks a block as a checked walk-through. */
export const WALKTHROUGH_FENCE = '```sh walkthrough';

/** What a command must answer. */
export interface Expectation {
  readonly status: number;
  /** Text that must appear in the command's output or its curls' responses. */
  readonly contains?: string;
}

export interface WalkthroughCommand {
  /** The command as the page shows it (continuation lines included, the expectation comment kept). */
  readonly text: string;
  /** 1-based line in the page where the command starts. */
  readonly line: number;
  readonly expect?: Expectation;
  /** True when the command calls curl (then it must carry an expectation). */
  readonly callsCurl: boolean;
}

const EXPECTATION = /#\s*→\s*(\d{3})\b\s*(.*)$/;
const OPENERS: Record<string, string> = { for: 'done', while: 'done', until: 'done', if: 'fi', case: 'esac' };
const CLOSERS = new Set(['done', 'fi', 'esac']);

/** The walk-through blocks of a page, each with the page line its first command line is on. */
export function extractWalkthroughs(markdown: string): Array<{ readonly line: number; readonly body: string }> {
  const lines = markdown.split('\n');
  const blocks: Array<{ line: number; body: string }> = [];
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]?.trim() !== WALKTHROUGH_FENCE) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    blocks.push({ line: start + 1, body: lines.slice(start, end).join('\n') });
    index = end;
  }
  return blocks;
}

/**
 * Where the shell-level comment starts on a line (outside quotes and `$(...)`), or -1. `state`
 * carries open quotes and parentheses across lines.
 */
function scanLine(line: string, state: { quote: '' | "'" | '"'; parens: number }): number {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (state.quote === "'") {
      if (ch === "'") state.quote = '';
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (state.quote === '"') {
      if (ch === '"') state.quote = '';
      else if (ch === '$' && line[i + 1] === '(') {
        state.parens++;
        i++;
      } else if (ch === ')' && state.parens > 0) state.parens--; // "...$(date)..."
      continue;
    }
    if (ch === "'" || ch === '"') state.quote = ch;
    else if (ch === '$' && line[i + 1] === '(') {
      state.parens++;
      i++;
    } else if (ch === '(') state.parens++;
    else if (ch === ')') state.parens = Math.max(0, state.parens - 1);
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return i;
  }
  return -1;
}

/** Compound-command depth change of a line's code (keywords at word starts only). */
function depthChange(code: string): number {
  let change = 0;
  for (const word of code.split(/[\s;]+/)) {
    if (word in OPENERS) change++;
    else if (CLOSERS.has(word)) change--;
  }
  return change;
}

/**
 * Cuts a walk-through block into commands as bash would run them: a command ends at the end of a
 * line outside quotes, `$(...)`, a backslash continuation and a `for/while/if/case` body.
 *
 * @example
 * splitCommands('A=1\ncurl -s "$API/health"   # → 200 "ok"', 10);
 * // [{ text: 'A=1', line: 10, callsCurl: false },
 * //  { text: 'curl -s "$API/health"   # → 200 "ok"', line: 11, callsCurl: true, expect: { status: 200, contains: '"ok"' } }]
 */
export function splitCommands(body: string, firstLine = 1): WalkthroughCommand[] {
  const commands: WalkthroughCommand[] = [];
  const state: { quote: '' | "'" | '"'; parens: number } = { quote: '', parens: 0 };
  let depth = 0;
  let current: string[] = [];
  let code: string[] = [];
  let startLine = firstLine;
  let lastComment = '';
  body.split('\n').forEach((line, index) => {
    const wasOpen = state.quote !== '' || state.parens > 0 || depth > 0 || current.length > 0;
    if (!wasOpen && (line.trim() === '' || line.trim().startsWith('#'))) return; // prose comments between commands
    if (current.length === 0) startLine = firstLine + index;
    const quoteAtStart = state.quote;
    const commentAt = scanLine(line, state);
    const lineCode = commentAt >= 0 ? line.slice(0, commentAt) : line;
    if (quoteAtStart === '' && state.quote === '') depth += depthChange(lineCode);
    current.push(line);
    code.push(lineCode);
    lastComment = commentAt >= 0 ? line.slice(commentAt) : '';
    const continues = lineCode.trimEnd().endsWith('\\') || state.quote !== '' || state.parens > 0 || depth > 0;
    if (continues) return;
    const match = EXPECTATION.exec(lastComment);
    const expect = match ? { status: Number(match[1]), ...(match[2]?.trim() ? { contains: match[2].trim() } : {}) } : undefined;
    commands.push({
      text: current.join('\n'),
      line: startLine,
      callsCurl: /(^|[\s;(|&`])curl\s/.test(code.join('\n')),
      ...(expect ? { expect } : {}),
    });
    current = [];
    code = [];
  });
  if (current.length > 0) throw new Error(`Unterminated command at line ${startLine}: ${current.join('\n')}`);
  return commands;
}

/** The result of one command in the session. */
export interface CommandResult {
  readonly exitCode: number;
  /** HTTP status of every curl the command ran, in order. */
  readonly statuses: number[];
  /** What the command printed, plus what its curls received (headers with -i). */
  readonly output: string;
}

const DONE = '__ROADCALL_WALKTHROUGH_DONE__';
const STATUS = '__ROADCALL_WALKTHROUGH_STATUS__';

/**
 * One bash session, driven command by command. `curl` is wrapped by a shell function that makes
 * curl itself report the status on stderr (`-w '%{stderr}...'`, so pipes into jq see the body
 * unchanged) and keeps a copy of the response for the text check.
 */
export class ShellSession {
  readonly #shell: ChildProcessWithoutNullStreams;
  readonly #captureFile: string;
  #stdout = '';
  #stderr = '';
  #wake: (() => void) | undefined;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.#captureFile = join(tmpdir(), `roadcall-walkthrough-${randomBytes(6).toString('hex')}`);
    this.#shell = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const collect = (stream: 'out' | 'err') => (chunk: Buffer) => {
      if (stream === 'out') this.#stdout += chunk.toString();
      else this.#stderr += chunk.toString();
      this.#wake?.();
    };
    this.#shell.stdout.on('data', collect('out'));
    this.#shell.stderr.on('data', collect('err'));
    this.#shell.stdin.write(
      [
        `export ROADCALL_WALKTHROUGH_CAPTURE='${this.#captureFile}'`,
        `curl() { command curl -w '%{stderr}${STATUS}%{http_code}\\n' "$@" | tee -a "$ROADCALL_WALKTHROUGH_CAPTURE"; return "\${PIPESTATUS[0]}"; }`,
        '',
      ].join('\n'),
    );
  }

  /** Runs one command; rejects when it has not finished within `timeoutMs`. */
  async run(command: string, timeoutMs: number): Promise<CommandResult> {
    await writeFile(this.#captureFile, '');
    this.#stdout = '';
    this.#stderr = '';
    const finished = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        reject(new Error(`timed out after ${timeoutMs} ms; output so far:\n${this.#stdout}\n${this.#stderr}`));
      }, timeoutMs);
      this.#wake = () => {
        if (this.#stdout.includes(`${DONE}:`) && this.#stderr.includes(DONE)) {
          clearTimeout(timer);
          this.#wake = undefined;
          resolve();
        }
      };
    });
    // A subshell-free run: the command's variables stay for the next command.
    this.#shell.stdin.write(`${command}\nprintf '\\n${DONE}:%s\\n' "$?"; printf '${DONE}\\n' >&2\n`);
    await finished;
    const exitCode = Number(/__ROADCALL_WALKTHROUGH_DONE__:(\d+)/.exec(this.#stdout)?.[1] ?? -1);
    const printed = this.#stdout.slice(0, this.#stdout.lastIndexOf(DONE));
    const statuses = [...this.#stderr.matchAll(new RegExp(`${STATUS}(\\d{3})`, 'g'))].map((match) => Number(match[1]));
    return { exitCode, statuses, output: `${printed}\n${await readFile(this.#captureFile, 'utf8')}` };
  }

  /** Ends the session. */
  async close(): Promise<void> {
    this.#shell.stdin.end();
    if (this.#shell.exitCode === null) this.#shell.kill();
    await rm(this.#captureFile, { force: true });
  }
}

/** `METHOD /path` of each curl in a command, with the path in the route table's form (`{id}`). */
export function curlRequests(command: string): Array<{ method: string; path: string }> {
  const requests: Array<{ method: string; path: string }> = [];
  for (const call of command.split(/(?=(?:^|[\s;(|&`])curl\s)/)) {
    if (!/curl\s/.test(call)) continue;
    const method = /-X\s+([A-Z]+)/.exec(call)?.[1] ?? (/\s(-d|--data\S*)\s/.test(call) ? 'POST' : 'GET');
    const url = /\$\{?API\}?([^\s"'?;)|]*)/.exec(call)?.[1];
    if (url !== undefined) requests.push({ method, path: url === '' ? '/' : url });
  }
  return requests;
}
