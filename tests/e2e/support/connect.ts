import { E2E_TARGETS, type E2eTarget, errorEnvVar, stackEnvVar } from './constants';
import { E2eStackError } from './errors';
import type { E2eStack } from './types';

/** The target of the jest project this test file runs in (`globals.e2eTarget` in jest.config.js). */
export function currentTarget(): E2eTarget {
  const target = (globalThis as { e2eTarget?: unknown }).e2eTarget;
  if (typeof target !== 'string' || !(target in E2E_TARGETS)) {
    throw new E2eStackError('Run the e2e flows through their jest projects: npx jest --selectProjects e2e-dev (or e2e-cloud)');
  }
  return target as E2eTarget;
}

/**
 * The running stack of this project's target, as globalSetup handed it over; throws the reason
 * when it could not start, so each test of the target fails with it.
 *
 * @example
 * const stack = e2eStack();
 * const api = new ApiClient(stack);
 */
export function e2eStack(): E2eStack {
  const target = currentTarget();
  const failure = process.env[errorEnvVar(target)];
  if (failure) throw new E2eStackError(failure);
  const handed = process.env[stackEnvVar(target)];
  if (!handed) throw new E2eStackError(`No ${target} stack: the e2e-${target} project's globalSetup did not run`);
  return JSON.parse(handed) as E2eStack;
}
