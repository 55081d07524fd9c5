/** The pseudo parameters of the local "account": every template resolves against these. */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_PARTITION = 'aws';
export const LOCAL_URL_SUFFIX = 'amazonaws.com';

/** Where `pnpm synth` writes the cloud assembly, relative to the repository root. */
export const DEFAULT_ASSEMBLY_DIR = 'infrastructure/cdk.out';
export const DEFAULT_STAGE = 'dev';

/** Host name the local Redis and PostgreSQL TLS fronts answer to (their certificate's name). */
export const LOCAL_TLS_HOST = 'localhost';

/**
 * Workers per function when the template reserves no concurrency: Lambda would scale to the
 * account limit (1000); two shared cores would not, so further invocations wait for a free worker.
 */
export const DEFAULT_WORKERS_PER_FUNCTION = 4;

/** Share of MemorySize given to the V8 old space (`--max-old-space-size`): the rest is code, buffers, native memory. */
export const HEAP_SHARE_OF_MEMORY = 0.9;

/** A worker idle this long is stopped (Lambda reclaims idle containers too; locally memory is scarce). */
export const WORKER_IDLE_MS = 10 * 60_000;

/** API Gateway REST's maximum integration timeout when the method sets none. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** Parallel polling loops per event source mapping, whatever its maximum concurrency (two shared cores). */
export const LOCAL_MAX_POLLERS = 2;

/** How long `bin/cloud.ts` waits for a worker's init before it reports an init failure. */
export const WORKER_INIT_TIMEOUT_MS = 10_000;
