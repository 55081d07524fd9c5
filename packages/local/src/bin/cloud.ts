/**
 * `pnpm dev --cloud` (or `tsx packages/local/src/bin/cloud.ts`): runs what `cdk deploy` would
 * upload, from the cloud assembly (`pnpm synth` first): the functions' bundles in worker
 * processes, API Gateway, event source mappings, rules and triggers from the templates, on the
 * local engines. Flags: `--quiet`, `--stage <name>` (dev), `--assembly <dir>` (infrastructure/cdk.out).
 * Env: PORT (3000), ROADCALL_STATE_FILE, REDIS_URL, DATABASE_URL, LOCAL_JWT_SECRET.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { ENV } from '@roadcall/contracts';
import { DEMO_USERS, signLocalToken } from '../auth';
import { DEFAULT_ASSEMBLY_DIR, DEFAULT_STAGE } from '../cloud/constants';
import { type CloudRuntime, startCloudRuntime } from '../cloud/runtime';
import { repoRoot } from '../handlers';

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const flag = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const started = performance.now();
  const root = repoRoot();
  const assemblyFlag = flag('--assembly') ?? DEFAULT_ASSEMBLY_DIR;
  const assemblyDir = isAbsolute(assemblyFlag) ? assemblyFlag : join(root, assemblyFlag);
  const stage = flag('--stage') ?? DEFAULT_STAGE;
  const port = Number(process.env[ENV.port] ?? 3000);
  const jwtSecret = process.env[ENV.localJwtSecret] || randomBytes(32).toString('hex');
  const stateFile = process.env.ROADCALL_STATE_FILE || join(root, '.roadcall', 'stack.json');

  log(`roadcall: cloud assembly ${assemblyDir}, stage ${stage}: starting engines and functions...`);
  let runtime: CloudRuntime | undefined;
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`\nroadcall: ${signal}, stopping...`);
    await runtime?.stop();
    await rm(stateFile, { force: true });
    log('roadcall: stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  runtime = await startCloudRuntime({
    assemblyDir,
    stage,
    jwtSecret,
    port,
    redisUrl: process.env[ENV.redisUrl],
    databaseUrl: process.env[ENV.databaseUrl],
    log,
    onReport: (report) => {
      if (quiet && report.initDurationMs === undefined && !report.error) return;
      const init = report.initDurationMs === undefined ? '' : ` Init Duration: ${report.initDurationMs.toFixed(2)} ms`;
      const error = report.error ? ` ${report.error.errorType}: ${report.error.errorMessage}` : '';
      log(
        `REPORT ${report.functionName} RequestId: ${report.requestId} Duration: ${report.durationMs.toFixed(2)} ms${init} pid ${report.workerPid}${error}`,
      );
    },
    onFunctionLog: quiet ? undefined : (name, line) => log(`[${name}] ${line}`),
    onRequest: quiet
      ? undefined
      : ({ method, path, status, ms, cache }) =>
          log(`${method} ${path} -> ${status} (${ms.toFixed(1)} ms)${cache ? ` cache ${cache}` : ''}`),
  });
  if (stopping) return;

  const tokens = {
    driver: await signLocalToken(DEMO_USERS.driver, jwtSecret),
    vendor: await signLocalToken(DEMO_USERS.vendor, jwtSecret),
    admin: await signLocalToken(DEMO_USERS.admin, jwtSecret),
  };
  // Clients call the CloudFront stand-in (when the assembly has a distribution), as in AWS.
  const apiUrl = `http://localhost:${new URL(runtime.url).port}`;
  const executeApiUrl = `http://localhost:${runtime.api.port}`;
  const mailboxUrl = runtime.engines.endpoints.ses ?? '';
  const env = { ...runtime.engines.env, [ENV.localJwtSecret]: jwtSecret };
  await mkdir(dirname(stateFile), { recursive: true });
  // For scripts, load tests and the e2e suite: where the API is and how to mint tokens. Local only.
  await writeFile(
    stateFile,
    JSON.stringify(
      {
        apiUrl,
        executeApiUrl,
        mailboxUrl,
        tokens,
        jwtSecret,
        env,
        pids: [process.pid, runtime.engines.pid, ...runtime.engines.pids],
        target: 'cloud',
        stage,
      },
      null,
      2,
    ),
  );
  log(
    [
      '',
      `  Roadcall is running from the cloud assembly (stage ${stage})`,
      `  API       ${apiUrl}        (try: curl ${apiUrl}/health)`,
      ...(runtime.edge
        ? [`  Stage     ${executeApiUrl}  (the execute-api endpoint: its web ACL answers 403 without CloudFront's origin header)`]
        : []),
      `  Mailbox   ${mailboxUrl}/`,
      `  Lambda    ${runtime.invokeUrl}  (Invoke API; functions reach it through the IAM gate ${runtime.gateUrl})`,
      '',
      `  Driver token: ${tokens.driver}`,
      `  Vendor token: ${tokens.vendor}`,
      `  Admin token:  ${tokens.admin}`,
      '',
      `  Ready in ${((performance.now() - started) / 1000).toFixed(1)} s. State: ${stateFile}. Ctrl-C stops everything.`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`roadcall: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
