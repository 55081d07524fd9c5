/** Named limits and names of the e2e suite (one place, so the setup and the tests agree). */

/** The stacks the suite runs against, each the bin a user starts. */
export const E2E_TARGETS = {
  /** `pnpm dev`: the handlers from source in one process. */
  dev: { bin: 'packages/local/src/bin/dev.ts', readyTimeoutMs: 120_000, needsAssembly: false },
  /** `pnpm dev --cloud`: the synthesized assembly's bundles, API, mappings, rules and triggers. */
  cloud: { bin: 'packages/local/src/bin/cloud.ts', readyTimeoutMs: 240_000, needsAssembly: true },
} as const;

export type E2eTarget = keyof typeof E2E_TARGETS;

/** The line both bins print once they serve (after the state file is written). */
export const READY_MARKER = 'Ready in';

/** How long teardown waits for the stack to stop on SIGINT before it kills the group. */
export const STOP_TIMEOUT_MS = 30_000;

/** `pnpm synth` takes ~2.5 min on 2 idle cores, and over 10 on busy ones; a hung synth must still end the run. */
export const SYNTH_TIMEOUT_MS = 20 * 60_000;

/** Where the synthesized assembly lives, and the sources it is built from (repository-relative). */
export const ASSEMBLY_DIR = 'infrastructure/cdk.out';
export const ASSEMBLY_SOURCES = ['infrastructure', 'packages', 'services'] as const;
/** Folders under the sources that never reach an assembly (tests, build output, dependencies). */
export const ASSEMBLY_IGNORED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'cdk.out', 'tests', 'test', 'coverage', '.roadcall']);

/** Env var, per target, through which globalSetup hands the running stack to the test workers. */
export const stackEnvVar = (target: E2eTarget): string => `ROADCALL_E2E_${target.toUpperCase()}`;
/** Env var, per target, holding why the stack could not start (every test of the target then fails with it). */
export const errorEnvVar = (target: E2eTarget): string => `ROADCALL_E2E_${target.toUpperCase()}_ERROR`;

/** Default bound of `waitFor` polls and its interval. */
export const POLL_TIMEOUT_MS = 30_000;
export const POLL_INTERVAL_MS = 200;

/** Per-test timeout of the flows (a job or a matching round takes seconds; CI machines are shared). */
export const FLOW_TEST_TIMEOUT_MS = 90_000;
