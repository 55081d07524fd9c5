/**
 * One jest run, five projects:
 * - unit: no engines, milliseconds each.
 * - integration: real engines (dynalite, fauxqs, aws-ses-v2-local, Redis, PostgreSQL) started
 *   once by jest/globalSetup.ts in a process of their own; tests isolate by key prefix / ids.
 * - integration-cluster: the whole integration suite again, against a real local 3-master Redis
 *   Cluster (jest/globalSetup.cluster.ts), plus the cluster-only failover test (*.cluster.test.ts);
 *   jest/clusterSuites.js lists the few suites it leaves out, and why.
 * - infra: CDK assertions (synth without bundling).
 * - e2e-dev, e2e-cloud: the same black-box flows (tests/e2e/flows) over HTTP against a whole
 *   stack that tests/e2e/support/globalSetup.ts starts once per project: `pnpm dev`
 *   (packages/local/src/bin/dev.ts), or the cloud-assembly runtime (packages/local/src/bin/cloud.ts)
 *   on a current `pnpm synth`. The project's `globals.e2eTarget` picks the stack.
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
/** The integration suites (both integration projects run them). */
const integrationTests = [
  '<rootDir>/packages/*/tests/integration/**/*.test.ts',
  '<rootDir>/services/*/tests/integration/**/*.test.ts',
  // The docs' walk-throughs: they start a fresh `pnpm dev` of their own.
  '<rootDir>/tests/docs/*.test.ts',
];
/** A path as a testPathIgnorePatterns entry (a regex): this file exactly. */
const exactly = (path) => `^<rootDir>/${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/jest/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest/afterEnv.ts'],
};

/** An e2e project: its stack started once by its globalSetup, the flows talking HTTP only. */
const e2e = (target, extraTests = []) => ({
  ...common,
  displayName: `e2e-${target}`,
  testMatch: ['<rootDir>/tests/e2e/flows/**/*.test.ts', ...extraTests],
  globals: { e2eTarget: target },
  setupFilesAfterEnv: [
    ...common.setupFilesAfterEnv,
    '<rootDir>/tests/e2e/support/afterEnv.ts',
    '<rootDir>/tests/e2e/support/openapiCheck.ts',
  ],
  // One module per target: jest runs a global hook module once per run, whichever projects name it.
  globalSetup: `<rootDir>/tests/e2e/support/globalSetup.${target}.ts`,
  globalTeardown: `<rootDir>/tests/e2e/support/globalTeardown.${target}.ts`,
});

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // How long jest waits for a worker to exit by itself at the end before it kills it and warns
  // "failed to exit gracefully". A worker exits once its event loop is empty, so a leaked handle
  // (socket, ref'd timer, child process) still never exits and still gets the warning; but 500 ms
  // (the default) is a machine-speed threshold: with both cores busy, a worker that had loaded the
  // CDK and the engines' clients sometimes needed longer to tear down with nothing left open.
  workerGracefulExitTimeout: 5_000,
  // A global option (jest ignores it inside a project): engines make integration tests slower than 5 s.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/packages/*/tests/unit/**/*.test.ts',
        '<rootDir>/services/*/tests/unit/**/*.test.ts',
        '<rootDir>/tests/load/tests/unit/**/*.test.ts',
        '<rootDir>/tests/docs/unit/**/*.test.ts',
        // The jest harness itself (jest/clusterSuites.js).
        '<rootDir>/jest/unit/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: integrationTests,
      // Cluster-only suites spawn a cluster of their own: the integration-cluster project runs them.
      testPathIgnorePatterns: ['/node_modules/', '\\.cluster\\.test\\.ts$'],
      globalSetup: '<rootDir>/jest/globalSetup.ts',
      globalTeardown: '<rootDir>/jest/globalTeardown.ts',
    },
    {
      ...common,
      displayName: 'integration-cluster',
      setupFiles: [...common.setupFiles, '<rootDir>/jest/env.cluster.ts'],
      // The integration suites and the cluster-only ones, less CLUSTER_EXCLUDED (each with its reason).
      testMatch: integrationTests,
      testPathIgnorePatterns: ['/node_modules/', ...Object.keys(require('./jest/clusterSuites.js').CLUSTER_EXCLUDED).map(exactly)],
      globalSetup: '<rootDir>/jest/globalSetup.cluster.ts',
      globalTeardown: '<rootDir>/jest/globalTeardown.cluster.ts',
    },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/infrastructure/test/**/*.test.ts'],
    },
    // dev.test.ts starts a `pnpm dev` of its own (start time, /health, Ctrl-C): dev only. The
    // browser tests (the dashboard in chromium) need what only `pnpm dev` serves: dev only too.
    e2e('dev', ['<rootDir>/tests/e2e/dev.test.ts', '<rootDir>/tests/e2e/browser/**/*.test.ts']),
    // What only the cloud assembly has (the API stage's web ACL behind CloudFront): cloud only.
    e2e('cloud', ['<rootDir>/tests/e2e/cloud/**/*.test.ts']),
  ],
};
