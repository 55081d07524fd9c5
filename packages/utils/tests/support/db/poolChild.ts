/**
 * A "container" for the freeze/thaw test: one DatabasePool with Lambda settings, driven over
 * stdin (`work`, `work-freeze`, `stats`, `quit`); answers one JSON line per command. The test
 * thaws this process with SIGCONT, as Lambda does between invocations. `work-freeze` stops the
 * process itself (SIGSTOP) right after its answer, in the same tick: Lambda freezes a container as
 * soon as the invocation returns, so no idle timer may fire in between, however slow the machine.
 */
import { createInterface } from 'node:readline';
import { DatabasePool, databaseConfigFromEnv } from '../../../src/db';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  applicationName: string;
  idleTimeoutMs: number;
  idleSessionTimeoutMs: number;
};
process.env.AWS_LAMBDA_FUNCTION_NAME = 'freeze-thaw-test';
const base = databaseConfigFromEnv({ DATABASE_URL: options.url });
const pool = new DatabasePool({
  ...base,
  applicationName: options.applicationName,
  idleTimeoutMs: options.idleTimeoutMs,
  idleSessionTimeoutMs: options.idleSessionTimeoutMs,
});

const reply = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  const run = async (): Promise<unknown> => {
    if (command === 'work' || command === 'work-freeze') {
      // An invocation: a few statements at once, more than the pool holds.
      const results = await Promise.all(
        Array.from({ length: 4 }, () => pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.02)')),
      );
      return { ok: true, pids: [...new Set(results.map((result) => result.rows[0]?.pid))], stats: pool.stats() };
    }
    if (command === 'stats') return { ok: true, stats: pool.stats() };
    if (command === 'quit') {
      await pool.close();
      reply({ ok: true });
      process.exit(0);
    }
    return { ok: false, error: `unknown command ${command}` };
  };
  run().then(
    (value) => {
      reply(value);
      // stdout is a pipe: written synchronously on Linux and macOS, so the answer is out before the stop.
      if (command === 'work-freeze') process.kill(process.pid, 'SIGSTOP');
    },
    (error: unknown) => reply({ ok: false, error: (error as Error).message, code: (error as { code?: string }).code }),
  );
});
reply({ ready: true });
