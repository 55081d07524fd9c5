import { randomUUID } from 'node:crypto';
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ENV } from '@roadcall/contracts';
import { type DocumentSender, documentSdk, isConditionalCheckFailed, lazyDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import { DEFAULT_JOB_CLEANUP_DAYS } from './constants';
import { JobNotFoundError, JobStateConflictError } from './errors';
import type { JobEmail, JobPriority, JobRecord, JobResult, JobStatus, JobType } from './types';

/** The narrow client the store needs. */

export interface NewJob {
  readonly userId: string;
  readonly userEmail?: string;
  readonly type: JobType;
  readonly priority: JobPriority;
  readonly params: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}

export interface ProgressUpdate {
  readonly processedItems: number;
  readonly totalItems?: number;
  /** The percentage to show (see {@link progressPercent}); default: `percent(processedItems, totalItems)`. */
  readonly progress?: number;
  readonly checkpoint?: unknown;
}

/** Outcome of a claim: the job to run, or why there is nothing to run. */
export type ClaimResult =
  | { readonly kind: 'claimed'; readonly job: JobRecord }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'finished'; readonly job: JobRecord };

const nowIso = (): string => new Date().toISOString();

function cleanupDays(): number {
  const days = Number(process.env[ENV.jobCleanupDays]);
  return Number.isFinite(days) && days > 0 ? days : DEFAULT_JOB_CLEANUP_DAYS;
}

/** Progress in percent from counts; 99 at most until the job completes (100 means done). */
export function percent(processed: number, total: number | undefined): number {
  if (!total || total <= 0) return 0;
  return Math.min(99, Math.floor((processed / total) * 100));
}

/**
 * The percentage a running job shows, 0-99 (100 is written only by the completion):
 * - items processed / total, while the total is known and not yet passed;
 * - the processor's own measure of work done (`fraction`, 0-1; the export's finished scan
 *   segments / segments), when it has one; the higher of the two while both apply, since the
 *   fraction only counts work that is finished;
 * - without a fraction, a total that turned out too small shows 99 and 0 when unknown (counts only).
 */
export function progressPercent(processed: number, total: number | undefined, fraction?: number): number {
  const known = total !== undefined && total > 0 && processed <= total;
  if (fraction === undefined) return percent(processed, total);
  const byFraction = Math.min(99, Math.max(0, Math.floor(fraction * 100)));
  return known ? Math.max(byFraction, percent(processed, total)) : byFraction;
}

/**
 * The jobs table. Every state transition is one conditional UpdateItem, so two workers, a cancel
 * and a redelivery can race without a job completing twice, progress going backwards, or a
 * cancelled job turning completed.
 *
 * @example
 * const store = new JobStore();
 * const job = await store.create({ userId, type: 'export', priority: 'normal', params });
 */
export class JobStore {
  readonly #client: DocumentSender;
  readonly #table: () => string;

  constructor(options: { client?: DocumentSender; table?: string } = {}) {
    this.#client = options.client ?? lazyDocumentClient;
    this.#table = options.table ? () => options.table as string : () => tableName('jobs');
  }

  async create(input: NewJob): Promise<JobRecord> {
    const now = new Date();
    const job: JobRecord = {
      jobId: randomUUID(),
      userId: input.userId,
      userEmail: input.userEmail,
      type: input.type,
      priority: input.priority,
      status: 'queued',
      progress: 0,
      processedItems: 0,
      params: input.params,
      metadata: input.metadata,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + cleanupDays() * 86_400,
      progressWrites: 0,
      attempts: 0,
    };
    await this.#client.send(
      new (documentSdk().PutCommand)({ TableName: this.#table(), Item: job, ConditionExpression: 'attribute_not_exists(jobId)' }),
    );
    return job;
  }

  /** The job, or undefined when missing or expired. `consistent` for workers' control reads. */
  async get(jobId: string, consistent = false): Promise<JobRecord | undefined> {
    const output = await this.#client.send(
      new (documentSdk().GetCommand)({ TableName: this.#table(), Key: { jobId }, ConsistentRead: consistent }),
    );
    const job = output.Item as JobRecord | undefined;
    if (!job || job.expiresAt * 1000 < Date.now()) return undefined;
    return job;
  }

  /** A user's jobs, newest first, from the byUser index; `status` filters. */
  async listByUser(
    userId: string,
    options: { status?: JobStatus; limit: number; startKey?: Record<string, unknown> },
  ): Promise<{ items: JobRecord[]; lastKey?: Record<string, unknown> }> {
    const items: JobRecord[] = [];
    let startKey = options.startKey;
    // A filter applies after the read: keep reading until the page is full or the index ends.
    do {
      const output = await this.#client.send(
        new (documentSdk().QueryCommand)({
          TableName: this.#table(),
          IndexName: 'byUser',
          KeyConditionExpression: 'userId = :u',
          FilterExpression: options.status ? '#s = :s AND expiresAt > :now' : 'expiresAt > :now',
          ExpressionAttributeNames: options.status ? { '#s': 'status' } : undefined,
          ExpressionAttributeValues: {
            ':u': userId,
            ':now': Math.floor(Date.now() / 1000),
            ...(options.status ? { ':s': options.status } : {}),
          },
          ScanIndexForward: false,
          Limit: options.limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((output.Items ?? []) as JobRecord[]));
      startKey = output.LastEvaluatedKey;
    } while (startKey && items.length < options.limit);
    return { items, lastKey: startKey };
  }

  /**
   * One conditional state transition: UpdateItem on the job returning the new record, or
   * undefined when the condition failed (the caller decides what that means: 404, 409, already
   * finished, a stale worker).
   */
  async #transition(jobId: string, update: Omit<UpdateCommandInput, 'TableName' | 'Key' | 'ReturnValues'>): Promise<JobRecord | undefined> {
    try {
      const output = await this.#client.send(
        new (documentSdk().UpdateCommand)({ ...update, TableName: this.#table(), Key: { jobId }, ReturnValues: 'ALL_NEW' }),
      );
      return output.Attributes as JobRecord;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  /** queued|processing -> cancelled. 404 when missing, 409 when already finished. */
  async cancel(jobId: string): Promise<JobRecord> {
    const job = await this.#transition(jobId, {
      UpdateExpression: 'SET #s = :cancelled, cancelledAt = :now, updatedAt = :now',
      ConditionExpression: 'attribute_exists(jobId) AND #s IN (:queued, :processing)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':queued': 'queued', ':processing': 'processing', ':now': nowIso() },
    });
    if (job) return job;
    const current = await this.get(jobId, true);
    if (!current) throw new JobNotFoundError(jobId);
    throw new JobStateConflictError(`Job ${jobId} is already ${current.status}`, { details: { status: current.status } });
  }

  /**
   * A worker takes the job: queued|processing -> processing under a fresh lease. A redelivered
   * message takes over from a dead worker (its lease is replaced, so the old one stops at its
   * next write); a finished job is reported as such and not run again.
   */
  async claim(jobId: string, leaseId: string): Promise<ClaimResult> {
    const job = await this.#transition(jobId, {
      UpdateExpression:
        'SET #s = :processing, leaseId = :lease, startedAt = if_not_exists(startedAt, :now), updatedAt = :now, attempts = if_not_exists(attempts, :zero) + :one',
      ConditionExpression: 'attribute_exists(jobId) AND #s IN (:queued, :processing)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':processing': 'processing',
        ':queued': 'queued',
        ':lease': leaseId,
        ':now': nowIso(),
        ':zero': 0,
        ':one': 1,
      },
    });
    if (job) return { kind: 'claimed', job };
    const current = await this.get(jobId, true);
    return current ? { kind: 'finished', job: current } : { kind: 'not-found' };
  }

  /**
   * Writes progress (and the resume checkpoint) under the lease. The condition keeps progress
   * monotonic and rejects a cancelled job or a stale worker: the caller then reads why.
   * Returns false when the condition failed.
   */
  async writeProgress(jobId: string, leaseId: string, update: ProgressUpdate): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = {
      ':processing': 'processing',
      ':lease': leaseId,
      ':n': update.processedItems,
      ':p': update.progress ?? percent(update.processedItems, update.totalItems),
      ':now': nowIso(),
      ':one': 1,
    };
    let set = 'processedItems = :n, progress = :p, updatedAt = :now';
    if (update.totalItems !== undefined) {
      set += ', totalItems = :t';
      values[':t'] = update.totalItems;
    }
    if (update.checkpoint !== undefined) {
      set += ', #c = :c';
      names['#c'] = 'checkpoint';
      values[':c'] = update.checkpoint;
    }
    try {
      await this.#client.send(
        new (documentSdk().UpdateCommand)({
          TableName: this.#table(),
          Key: { jobId },
          UpdateExpression: `SET ${set} ADD progressWrites :one`,
          ConditionExpression: '#s = :processing AND leaseId = :lease AND processedItems <= :n AND progress <= :p',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** processing -> completed, once, by the lease holder. Returns false when the condition failed. */
  async complete(
    jobId: string,
    leaseId: string,
    result: JobResult,
    processedItems: number,
    totalItems: number,
  ): Promise<JobRecord | undefined> {
    return this.#transition(jobId, {
      UpdateExpression:
        'SET #s = :completed, progress = :hundred, #r = :result, completedAt = :now, updatedAt = :now, processedItems = :n, totalItems = :t REMOVE leaseId, #c',
      ConditionExpression: '#s = :processing AND leaseId = :lease',
      ExpressionAttributeNames: { '#s': 'status', '#r': 'result', '#c': 'checkpoint' },
      ExpressionAttributeValues: {
        ':completed': 'completed',
        ':processing': 'processing',
        ':hundred': 100,
        ':result': result,
        ':now': nowIso(),
        ':lease': leaseId,
        ':n': processedItems,
        ':t': totalItems,
      },
    });
  }

  /** queued|processing -> failed, once. Returns the failed job, or undefined when it had already ended. */
  async fail(jobId: string, message: string): Promise<JobRecord | undefined> {
    return this.#transition(jobId, {
      UpdateExpression: 'SET #s = :failed, #e = :error, completedAt = :now, updatedAt = :now REMOVE leaseId, #c',
      ConditionExpression: 'attribute_exists(jobId) AND #s IN (:queued, :processing)',
      ExpressionAttributeNames: { '#s': 'status', '#e': 'error', '#c': 'checkpoint' },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':queued': 'queued',
        ':processing': 'processing',
        ':error': message.slice(0, 1000),
        ':now': nowIso(),
      },
    });
  }

  /**
   * Called by the runner once a run under `leaseId` has ended, however it ended (completed,
   * failed, cancelled, lease lost, yielded, or thrown for a retry). Nothing to do here; a store
   * that keeps per-run state in memory drops it.
   */
  release(_jobId: string, _leaseId: string): void {}

  /**
   * Claims the job's one email attempt: marks `email.status = sending` if no delivery has, and only
   * on a finished job (completed or failed). True for exactly one caller per job, however often or
   * concurrently its message is delivered; the mark is never given back.
   */
  async claimEmail(jobId: string): Promise<boolean> {
    const sending: JobEmail = { status: 'sending', at: nowIso() };
    try {
      await this.#client.send(
        new (documentSdk().UpdateCommand)({
          TableName: this.#table(),
          Key: { jobId },
          UpdateExpression: 'SET #email = :sending',
          ConditionExpression: 'attribute_not_exists(#email) AND #s IN (:completed, :failed)',
          ExpressionAttributeNames: { '#s': 'status', '#email': 'email' },
          ExpressionAttributeValues: { ':sending': sending, ':completed': 'completed', ':failed': 'failed' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Records the outcome of the email attempt claimed by {@link claimEmail} (false when the job is gone). */
  async recordEmail(jobId: string, email: JobEmail): Promise<boolean> {
    try {
      await this.#client.send(
        new (documentSdk().UpdateCommand)({
          TableName: this.#table(),
          Key: { jobId },
          UpdateExpression: 'SET #email = :email',
          ConditionExpression: '#email.#es = :sending',
          ExpressionAttributeNames: { '#email': 'email', '#es': 'status' },
          ExpressionAttributeValues: { ':email': email, ':sending': 'sending' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Daily maintenance: deletes expired jobs (TTL deletes lazily, dynalite not at all) and fails
   * jobs stuck in processing for longer than `staleMs` (a worker died on the message's last
   * attempt). Returns what it did.
   */
  async cleanup(staleMs: number): Promise<{ deleted: number; failedStale: string[] }> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const staleBefore = new Date(Date.now() - staleMs).toISOString();
    let deleted = 0;
    const failedStale: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new (documentSdk().ScanCommand)({
          TableName: this.#table(),
          ProjectionExpression: 'jobId, expiresAt, #s, updatedAt',
          FilterExpression: 'expiresAt < :now OR (#s = :processing AND updatedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':stale': staleBefore, ':processing': 'processing' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as Pick<JobRecord, 'jobId' | 'expiresAt' | 'status' | 'updatedAt'>[]) {
        if (item.expiresAt < nowSeconds) {
          await this.#client.send(new (documentSdk().DeleteCommand)({ TableName: this.#table(), Key: { jobId: item.jobId } }));
          deleted++;
        } else if (await this.fail(item.jobId, 'The job stopped making progress (its worker was lost) and was failed by the cleanup')) {
          failedStale.push(item.jobId);
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { deleted, failedStale };
  }
}
