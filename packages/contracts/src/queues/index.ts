import type { BucketContract, QueueContract } from '../types';

/**
 * SQS queues. Each has a DLQ named `<name>-dlq` that receives a message after `maxReceiveCount`
 * failed receives. Consumers report partial batch failures.
 */
export const QUEUES = {
  jobsHigh: {
    name: 'jobs-high',
    envVar: 'JOBS_HIGH_QUEUE_URL',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    retentionDays: 4,
    consumer: { service: 'jobs', handler: 'processJobs', batchSize: 1, maxConcurrency: 10, timeoutSeconds: 100 },
  },
  jobsNormal: {
    name: 'jobs-normal',
    envVar: 'JOBS_NORMAL_QUEUE_URL',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    retentionDays: 4,
    consumer: { service: 'jobs', handler: 'processJobs', batchSize: 1, maxConcurrency: 5, timeoutSeconds: 100 },
  },
  jobsLow: {
    name: 'jobs-low',
    envVar: 'JOBS_LOW_QUEUE_URL',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    retentionDays: 4,
    consumer: { service: 'jobs', handler: 'processJobs', batchSize: 1, maxConcurrency: 2, timeoutSeconds: 100 },
  },
} as const satisfies Record<string, QueueContract>;

export type QueueName = keyof typeof QUEUES;

/** S3 buckets handlers use (static assets and logs buckets belong to CDK alone). */
export const BUCKETS = {
  exports: { name: 'exports', envVar: 'EXPORTS_BUCKET', expireAfterDays: 7 },
} as const satisfies Record<string, BucketContract>;

export type BucketName = keyof typeof BUCKETS;
