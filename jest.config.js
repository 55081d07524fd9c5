/**
 * One jest run, three projects:
 * - unit: no engines, milliseconds each.
 * - integration: real engines (dynalite, fauxqs, aws-ses-v2-local, Redis, PostgreSQL) started
 *   once by jest/globalSetup.ts in a process of their own; tests isolate by key prefix / ids.
 * - infra: CDK assertions (synth without bundling).
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/jest/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest/afterEnv.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
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
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/packages/*/tests/integration/**/*.test.ts',
        '<rootDir>/services/*/tests/integration/**/*.test.ts',
        '<rootDir>/tests/e2e/**/*.test.ts',
        '<rootDir>/tests/docs/*.test.ts',
      ],
      globalSetup: '<rootDir>/jest/globalSetup.ts',
      globalTeardown: '<rootDir>/jest/globalTeardown.ts',
    },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/infrastructure/test/**/*.test.ts'],
    },
  ],
};
