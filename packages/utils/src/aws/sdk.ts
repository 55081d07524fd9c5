/**
 * The AWS SDK v3 packages, each loaded the first time a function needs it (and kept).
 *
 * Why: a static `import` of an SDK client is a `require` at module init in every bundle that
 * reaches it, and each costs tens of ms (client-dynamodb with @smithy/core 65-77 ms on this
 * machine, more than the whole 60 ms init budget; client-s3 ~50 ms more; `pnpm bench coldstart`).
 * Loading on first use means a function pays only for the services a request actually calls: a
 * cold container that answers from the cache never loads DynamoDB at all.
 *
 * What a function will need is in its contract (`uses`), so a warmed container does not wait for
 * a user to pay for it either: the warmer's ping and provisioned concurrency load these modules
 * ahead of traffic ({@link primeFor} in `../warmer/prime`).
 *
 * The packages stay external to the bundles (the Node.js 22 runtime provides them); `require` is
 * what the CommonJS bundles, jest and tsx all resolve the same way.
 */

import { once } from '../once';
import { registerPrimer } from '../warmer/prime';

/** `@aws-sdk/client-dynamodb`, loaded on first call. */
export const dynamodbSdk = once((): typeof import('@aws-sdk/client-dynamodb') => require('@aws-sdk/client-dynamodb'));

/** `@aws-sdk/lib-dynamodb` (the document client and its commands), loaded on first call. */
export const documentSdk = once((): typeof import('@aws-sdk/lib-dynamodb') => require('@aws-sdk/lib-dynamodb'));

/** `@aws-sdk/client-sqs`, loaded on first call. */
export const sqsSdk = once((): typeof import('@aws-sdk/client-sqs') => require('@aws-sdk/client-sqs'));

/** `@aws-sdk/client-s3`, loaded on first call. */
export const s3Sdk = once((): typeof import('@aws-sdk/client-s3') => require('@aws-sdk/client-s3'));

/** `@aws-sdk/client-sesv2`, loaded on first call. */
export const sesSdk = once((): typeof import('@aws-sdk/client-sesv2') => require('@aws-sdk/client-sesv2'));

registerPrimer('tables', '@aws-sdk/client-dynamodb', dynamodbSdk);
registerPrimer('tables', '@aws-sdk/lib-dynamodb', documentSdk);
registerPrimer('queues', '@aws-sdk/client-sqs', sqsSdk);
registerPrimer('buckets', '@aws-sdk/client-s3', s3Sdk);
registerPrimer('email', '@aws-sdk/client-sesv2', sesSdk);

/**
 * True for DynamoDB's ConditionalCheckFailedException, by name: no SDK load just to run an
 * `instanceof`, and it holds across two copies of the SDK. DAX reports it as `code` (its errors
 * are `DaxServiceError`s named `Error`).
 */
export function isConditionalCheckFailed(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === 'ConditionalCheckFailedException' || code === 'ConditionalCheckFailedException';
}
