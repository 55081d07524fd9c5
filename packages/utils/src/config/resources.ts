import { BUCKETS, type BucketName, QUEUES, type QueueName, TABLES, type TableName } from '@roadcall/contracts';
import { ConfigError } from './errors';

function requireEnv(variable: string, what: string): string {
  const value = process.env[variable];
  if (!value) throw new ConfigError(`${variable} is required but not set (the ${what})`, [variable]);
  return value;
}

/** Physical name of a contract table, read from its env var. */
export function tableName(table: TableName): string {
  return requireEnv(TABLES[table].envVar, `name of the ${TABLES[table].name} table`);
}

/** URL of a contract queue, read from its env var. */
export function queueUrl(queue: QueueName): string {
  return requireEnv(QUEUES[queue].envVar, `URL of the ${QUEUES[queue].name} queue`);
}

/** Physical name of a contract bucket, read from its env var. */
export function bucketName(bucket: BucketName): string {
  return requireEnv(BUCKETS[bucket].envVar, `name of the ${BUCKETS[bucket].name} bucket`);
}
