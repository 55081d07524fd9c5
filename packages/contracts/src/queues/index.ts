import type { BucketContract, QueueContract, ResourceUse } from '../types';

/**
 * What the jobs consumer touches: the job table, the data its job types read and write, the
 * exports bucket, SES, and its own queues (a job that runs out of Lambda time continues in a
 * fresh message).
 */
const JOBS_CONSUMER_USES = {
  tables: [
    { table: 'jobs', access: 'readwrite' },
    // vendors: read for exports and to list the ids of a bulk change; the change itself goes
    // through the vendors service (invokes), which alone writes the table, the index and the caches.
    { table: 'vendors', access: 'read' },
    { table: 'incidents', access: 'read' },
  ],
  invokes: ['vendors.applyChanges'],
  buckets: [{ bucket: 'exports', access: 'readwrite' }],
  queues: [
    { queue: 'jobsHigh', access: 'send' },
    { queue: 'jobsNormal', access: 'send' },
    { queue: 'jobsLow', access: 'send' },
  ],
  email: true,
  // Publishes job_progress / job_complete / job_failed to the owner's live events channel.
  redis: true,
  // The report's revenue: captured payment totals read through the payments service's public face.
  database: true,
} as const satisfies ResourceUse;

/**
 * SQS queues. Each has a DLQ named `<name>-dlq` that receives a message after `maxReceiveCount`
 * failed receives. Consumers report partial batch failures.
 */
export const QUEUES = {
  jobsHigh: {
    name: 'jobs-high',
    owner: 'jobs',
    envVar: 'JOBS_HIGH_QUEUE_URL',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    retentionDays: 4,
    consumer: { service: 'jobs', handler: 'processJobs', uses: JOBS_CONSUMER_USES, batchSize: 1, maxConcurrency: 10, timeoutSeconds: 100 },
  },
  jobsNormal: {
    name: 'jobs-normal',
    owner: 'jobs',
    envVar: 'JOBS_NORMAL_QUEUE_URL',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    retentionDays: 4,
    consumer: { service: 'jobs', handler: 'processJobs', uses: JOBS_CONSUMER_USES, batchSize: 1, maxConcurrency: 5, timeoutSeconds: 100 },
  },
  jobsLow: {
    name: 'jobs-low',
    owner: 'jobs',
    envVar: 'JOBS_LOW_QUEUE_URL',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 3,
    retentionDays: 4,
    consumer: { service: 'jobs', handler: 'processJobs', uses: JOBS_CONSUMER_USES, batchSize: 1, maxConcurrency: 2, timeoutSeconds: 100 },
  },
  /**
   * Vendor matching steps, one message per step: `{ incidentId, round }`. Offer timeouts are the
   * same messages sent with DelaySeconds = the offer window (SQS allows up to 900 s).
   */
  incidentMatching: {
    name: 'incident-matching',
    owner: 'incidents',
    envVar: 'INCIDENT_MATCHING_QUEUE_URL',
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
    retentionDays: 1,
    consumer: {
      service: 'incidents',
      handler: 'processMatching',
      batchSize: 10,
      maxConcurrency: 20,
      timeoutSeconds: 20,
      uses: {
        // vendors (read): the vendors service's geo fallback (its byCell index) while Redis is lost.
        // flags (read): the platform service's feature flags (radii, batch size), through its port.
        tables: [
          { table: 'incidents', access: 'readwrite' },
          { table: 'vendors', access: 'read' },
          { table: 'flags', access: 'read' },
        ],
        queues: [{ queue: 'incidentMatching', access: 'send' }],
        // vendorsGeo (read): nearby vendors, asked through the vendors service's findNearestAvailable.
        keyspaces: [
          { keyspace: 'incidents', access: 'readwrite' },
          { keyspace: 'vendorsGeo', access: 'read' },
        ],
        redis: true,
        email: true,
        // Busy vendors are not offered: their load (and the release of a lost one) through the vendors service.
        invokes: ['vendors.capacity'],
      },
    },
  },
} as const satisfies Record<string, QueueContract>;

export type QueueName = keyof typeof QUEUES;

/** S3 buckets handlers use (static assets and logs buckets belong to CDK alone). */
export const BUCKETS = {
  exports: { name: 'exports', owner: 'jobs', envVar: 'EXPORTS_BUCKET', expireAfterDays: 7 },
} as const satisfies Record<string, BucketContract>;

export type BucketName = keyof typeof BUCKETS;
