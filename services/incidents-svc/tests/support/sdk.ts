/**
 * AWS SDK commands for benchmarks and tests outside this package (the repository root does not
 * depend on the SDK itself; this package does).
 */
export { PurgeQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
export { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
