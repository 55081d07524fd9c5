import { createRegistry } from './processors';
import type { JobRegistry } from './registry';
import { JobsService } from './service';
import { JobStore } from './store';
import { JobSubmitter } from './submit';

/**
 * The container's instances, each built on first use and kept for the container's life. Handlers
 * call these; tests build their own with other dependencies (a registry of test processors, a
 * store on another table).
 */
let store: JobStore | undefined;
let registry: JobRegistry | undefined;
let reads: JobsService | undefined;
let submitter: JobSubmitter | undefined;

/** The jobs table store. */
export function jobStore(): JobStore {
  store ??= new JobStore();
  return store;
}

/**
 * The job types this deployment runs (export, bulk_operation, report_generation). Only the create
 * function and the consumer call it, so the read-only functions' bundles leave the processors out.
 */
export function jobRegistry(): JobRegistry {
  registry ??= createRegistry();
  return registry;
}

/**
 * The jobs API's reads (get, cancel, list).
 *
 * @example
 * const view = await jobsService().get(auth, jobId);
 */
export function jobsService(): JobsService {
  reads ??= new JobsService(jobStore());
  return reads;
}

/**
 * Job creation against {@link jobRegistry}.
 *
 * @example
 * const view = await jobSubmitter().create(auth, { type: 'export', params: { source: 'incidents' } });
 */
export function jobSubmitter(): JobSubmitter {
  submitter ??= new JobSubmitter(jobRegistry(), jobStore());
  return submitter;
}
