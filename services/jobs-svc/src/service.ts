import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import { cursorCodec, type Page, toPage } from '@roadcall/utils/pagination';
import { JobNotFoundError } from './errors';
import { BY_USER_KEY, type ListJobsQuery } from './schemas';
import { signDownload } from './storage';
import { JobStore } from './store';
import type { JobRecord, JobView } from './types';
import { toJobView } from './view';

/** Owner or admin; anyone else is told the job does not exist (404), so ids never leak. */
export function assertCanSee(job: JobRecord | undefined, jobId: string, auth: AuthContext): JobRecord {
  if (!job || (job.userId !== auth.userId && !hasRole(auth, 'admin'))) throw new JobNotFoundError(jobId);
  return job;
}

/**
 * The jobs API's reads: get (with a download link once done), cancel and list with signed
 * cursors. Creating a job is {@link JobSubmitter}'s (`./submit`), the one path that needs the
 * processor registry: the read-only functions do not bundle the processors.
 *
 * @example
 * const view = await jobsService().get(auth, jobId);
 */
export class JobsService {
  readonly #store: JobStore;

  constructor(store: JobStore = new JobStore()) {
    this.#store = store;
  }

  async get(auth: AuthContext, jobId: string): Promise<JobView> {
    const job = assertCanSee(await this.#store.get(jobId), jobId, auth);
    const link = job.status === 'completed' && job.result?.objectKey ? await signDownload(job.result.objectKey) : undefined;
    return toJobView(job, link);
  }

  /** Reads a job for a stream (owner or admin, else 404). */
  async readable(auth: AuthContext, jobId: string): Promise<JobRecord> {
    return assertCanSee(await this.#store.get(jobId), jobId, auth);
  }

  async cancel(auth: AuthContext, jobId: string): Promise<JobView> {
    assertCanSee(await this.#store.get(jobId, true), jobId, auth);
    return toJobView(await this.#store.cancel(jobId));
  }

  async list(auth: AuthContext, query: ListJobsQuery): Promise<Page<JobView>> {
    // The cursor is bound to the caller and the filter: it cannot page someone else's jobs.
    const codec = await cursorCodec(`jobs:list:${auth.userId}:${query.status ?? '*'}`);
    const startKey = query.cursor ? codec.decode(query.cursor, BY_USER_KEY) : undefined;
    const { items, lastKey } = await this.#store.listByUser(auth.userId, { status: query.status, limit: query.limit, startKey });
    return toPage(
      items.map((job) => toJobView(job)),
      lastKey ? codec.encode(lastKey) : null,
    );
  }
}
