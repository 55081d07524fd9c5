import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from '../once';
import { documentSdk, dynamodbSdk, s3Sdk, sesSdk, sqsSdk } from './sdk';

/**
 * AWS SDK v3 clients, created once per container (module scope) and reused across invocations.
 * Endpoints come from the standard `AWS_ENDPOINT_URL_<SERVICE>` variables, so the same code talks
 * to dynalite/fauxqs/aws-ses-v2-local locally and to AWS in Lambda: there is no "local mode".
 * Each SDK package is loaded when its client is first created (see `./sdk`), so a function only
 * pays at init for the services it reaches.
 */

const MAX_SOCKETS = 50;

/**
 * The SDK's own NodeHttpHandler, configured by options rather than constructed here: importing
 * `@smithy/node-http-handler` would bundle ~110 KB of @smithy/core into every function, while
 * `@aws-sdk/*` (and what it depends on) is provided by the Lambda runtime. Keep-alive on both
 * agents: locally the endpoints are plain http, in AWS https.
 */
function requestHandler() {
  return {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    // Without it the SDK only logs a warning when requestTimeout passes and the call waits on
    // until the function's own timeout; with it the call fails with a TimeoutError, which the
    // SDK retries and the handler wrapper answers as a 503 with Retry-After.
    throwOnRequestTimeout: true,
  };
}

/** The DynamoDB document client (marshalling plain JS objects, undefined values removed). */
export const dynamoDocumentClient = once(
  (): DynamoDBDocumentClient =>
    documentSdk().DynamoDBDocumentClient.from(new (dynamodbSdk().DynamoDBClient)({ requestHandler: requestHandler(), maxAttempts: 3 }), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    }),
);

/**
 * The one narrow DynamoDB client every store takes: the document client's `send`, nothing else
 * (stores build their own commands). Tests pass a real client; production passes
 * {@link lazyDocumentClient}.
 */
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/**
 * The document client behind a narrow `send`, created (and the SDK loaded) on the first send. A
 * store or service built at module scope takes this as its default client, so building it costs
 * nothing at init; the first request (or the warmer's priming) pays once.
 *
 * @example
 * const output = await lazyDocumentClient.send(new (documentSdk().GetCommand)({ TableName, Key }));
 */
export const lazyDocumentClient: DocumentSender = {
  send: ((command: Parameters<DynamoDBDocumentClient['send']>[0]) =>
    dynamoDocumentClient().send(command)) as DynamoDBDocumentClient['send'],
};

/** The low-level DynamoDB client (table admin, health checks). */
export const dynamoClient = once(
  (): DynamoDBClient => new (dynamodbSdk().DynamoDBClient)({ requestHandler: requestHandler(), maxAttempts: 3 }),
);

/**
 * SQS client. `useQueueUrlAsEndpoint: false` sends every call to the resolved endpoint (in AWS
 * the same host as the queue URL; locally AWS_ENDPOINT_URL_SQS, whose queue URLs name a
 * `sqs.<region>.localhost` host that not every resolver knows).
 */
export const sqsClient = once(
  (): SQSClient => new (sqsSdk().SQSClient)({ requestHandler: requestHandler(), maxAttempts: 3, useQueueUrlAsEndpoint: false }),
);

/** S3 client; path-style addressing is forced when a custom endpoint (fauxqs) is configured. */
export const s3Client = once(
  (): S3Client =>
    new (s3Sdk().S3Client)({
      requestHandler: requestHandler(),
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    }),
);

export const sesClient = once((): SESv2Client => new (sesSdk().SESv2Client)({ requestHandler: requestHandler(), maxAttempts: 3 }));
