/** Where the gate and the Secrets Manager emulator listen unless told otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

/** The SigV4 algorithm name in `Authorization` headers and presigned URLs. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * The largest request body the gate reads to find what a request addresses (DynamoDB's limit is
 * 16 MB, SES v2's raw message 40 MB). S3 object bodies and Lambda payloads are streamed, never read.
 */
export const MAX_INSPECTED_BODY_BYTES = 48 * 1024 * 1024;

/** Sockets kept open per upstream engine (keep-alive): enough for every worker's concurrency. */
export const UPSTREAM_MAX_SOCKETS = 64;

/** How far a signature's date may be from the gate's clock (AWS allows 15 minutes). */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/** The longest a presigned URL may live (SigV4: 7 days). */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 3600;

/** The DynamoDB JSON protocol's target prefix (`X-Amz-Target: DynamoDB_20120810.GetItem`). */
export const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810.';
/** The SQS JSON protocol's target prefix. */
export const SQS_TARGET_PREFIX = 'AmazonSQS.';
/** The Secrets Manager JSON protocol's target prefix. */
export const SECRETS_MANAGER_TARGET_PREFIX = 'secretsmanager.';
/** The Lambda REST API's version prefix. */
export const LAMBDA_PATH_PREFIX = '/2015-03-31/functions/';
/** The SES v2 REST API's prefix. */
export const SES_V2_PATH_PREFIX = '/v2/email/';

/** The random suffix Secrets Manager appends to a secret's name in its ARN (`-AbCdEf`). */
export const SECRET_ARN_SUFFIX_LENGTH = 7;
