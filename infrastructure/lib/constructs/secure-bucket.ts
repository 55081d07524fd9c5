import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stages';

export interface SecureBucketProps {
  readonly config: StageConfig;
  /** Server access logs go here (omit only for the logs bucket itself). */
  readonly accessLogs?: s3.IBucket;
  readonly expireAfterDays?: number;
  /** CloudFront standard logging writes with ACLs, so its target bucket must allow object-writer ownership. */
  readonly allowLogDeliveryAcls?: boolean;
}

/**
 * An S3 bucket that is private and encrypted by construction: SSE-S3, every public access blocked,
 * a bucket policy that denies plain HTTP and TLS below 1.2, versioning, and server access logs.
 * No auto-delete custom resource: teardown empties buckets explicitly (docs/deploy.md), so a
 * stack deletion can never silently wipe data.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: props.allowLogDeliveryAcls ? s3.ObjectOwnership.OBJECT_WRITER : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogs ? `s3/${id.toLowerCase()}/` : undefined,
      removalPolicy: props.config.removalPolicy,
      lifecycleRules: [
        ...(props.expireAfterDays ? [{ expiration: Duration.days(props.expireAfterDays) }] : []),
        { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
