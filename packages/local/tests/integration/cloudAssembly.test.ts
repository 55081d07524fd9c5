import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_USERS, signLocalToken } from '../../src/auth';
import { apisFromTemplates } from '../../src/cloud/apiTemplate';
import { readAssembly } from '../../src/cloud/assembly';
import { DEFAULT_ASSEMBLY_DIR, DEFAULT_STAGE } from '../../src/cloud/constants';
import { AssemblyError } from '../../src/cloud/errors';
import { type CloudRuntime, startCloudRuntime } from '../../src/cloud/runtime';
import { repoRoot } from '../../src/handlers';

/**
 * The cloud runtime on the real assembly (`pnpm synth` output) when there is one: every route of
 * the stage answers from its bundle, and an export job runs end to end (API -> SQS mapping ->
 * worker -> S3 -> SSE stream). Without an assembly, the runtime must say to run `pnpm synth`.
 */
jest.setTimeout(600_000);

const assemblyDir = join(repoRoot(), DEFAULT_ASSEMBLY_DIR);
const present = existsSync(join(assemblyDir, 'manifest.json'));
const jwtSecret = 'real-assembly-secret-0123456789';
let runtime: CloudRuntime | undefined;

afterAll(async () => {
  await runtime?.stop();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe(`the real cloud assembly (${DEFAULT_ASSEMBLY_DIR}, ${present ? 'present' : 'absent: run pnpm synth'})`, () => {
  if (!present) {
    it('asks for `pnpm synth` when there is no assembly', () => {
      expect(() => readAssembly(assemblyDir, DEFAULT_STAGE)).toThrow(AssemblyError);
      expect(() => readAssembly(assemblyDir, DEFAULT_STAGE)).toThrow('Run `pnpm synth` first');
    });
    return;
  }

  it('boots, turns healthy, and serves every route of the stage from its bundle', async () => {
    // Its own Redis: the template's AUTH token must be the server's.
    runtime = await startCloudRuntime({
      assemblyDir,
      stage: DEFAULT_STAGE,
      jwtSecret,
      port: 0,
      databaseUrl: process.env.DATABASE_URL,
      schedules: false,
    });
    const url = runtime.url;
    const health = await until(async () => {
      const response = await fetch(`${url}/health`);
      return response.status === 200 ? ((await response.json()) as { status: string }) : undefined;
    }, 120_000);
    expect(health.status).toBe('ok');

    const admin = await signLocalToken(DEMO_USERS.admin, jwtSecret);
    const [api] = apisFromTemplates(runtime.model);
    const answers: string[] = [];
    for (const route of api?.routes ?? []) {
      const path = route.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const request = async (): Promise<number> => {
        const response = await fetch(`${url}${path}`, {
          method: route.method,
          headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
          body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? '{}' : undefined,
        });
        await response.body?.cancel();
        return response.status;
      };
      // A cold start on a loaded machine can pass a 10 s function timeout (a 502, as Lambda would
      // answer): up to three tries, so the warm container decides.
      let status = await request();
      for (let attempt = 1; attempt < 3 && status >= 500; attempt++) status = await request();
      answers.push(`${route.method} ${route.path} ${status}`);
    }
    expect(answers.length).toBeGreaterThan(0);
    // Every route reached its function and answered as the handler decides (2xx/4xx), none failed.
    expect(answers.filter((answer) => Number(answer.split(' ')[2]) >= 500)).toEqual([]);
  });

  it('runs an export job end to end: API, queue mapping, worker, S3, SSE stream', async () => {
    if (!runtime) throw new Error('the runtime did not start');
    const admin = await signLocalToken(DEMO_USERS.admin, jwtSecret);
    const created = await fetch(`${runtime.url}/jobs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'export', params: { source: 'vendors' } }),
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    const events = await fetch(`${runtime.url}/jobs/${jobId}/events`, { headers: { Authorization: `Bearer ${admin}` } });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: job_complete')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    await reader.cancel();
    expect(text).toContain('event: job_complete');
    expect(text).toContain(`exports/${DEMO_USERS.admin.userId}/${jobId}.csv`);
  });
});
