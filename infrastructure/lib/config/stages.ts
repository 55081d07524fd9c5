import { Duration, RemovalPolicy } from 'aws-cdk-lib';

/** Stages the app can be synthesised for (`--context stage=<name>`). */
export type StageName = 'dev' | 'staging' | 'prod';

export const STAGE_NAMES: ReadonlyArray<StageName> = ['dev', 'staging', 'prod'];

/**
 * Everything that differs between stages, in one typed object: sizes, node types, retention and
 * alarm thresholds. Stacks read this and nothing else, so a stage is a config, not a code path.
 */
export interface StageConfig {
  readonly name: StageName;
  /** Prod keeps data on stack deletion; dev and staging are disposable. */
  readonly removalPolicy: RemovalPolicy;
  readonly network: {
    readonly maxAzs: number;
    /** NAT gateways for Lambda egress (SQS, SES, Secrets Manager); one per AZ in prod. */
    readonly natGateways: number;
  };
  readonly logs: {
    /** CloudWatch log retention of functions, API access logs and flow logs, in days. */
    readonly retentionDays: number;
    /** S3 access/CloudFront logs expire after this many days. */
    readonly bucketExpireDays: number;
  };
  readonly lambda: {
    readonly defaultMemoryMb: number;
    readonly defaultTimeoutSeconds: number;
  };
  readonly api: {
    readonly throttleRateLimit: number;
    readonly throttleBurstLimit: number;
    /** API Gateway stage cache (only routes whose cache policy allows it use it). */
    readonly cacheClusterEnabled: boolean;
    readonly cacheClusterSizeGb: '0.5' | '1.6' | '6.1';
  };
  readonly redis: {
    readonly nodeType: string;
    /** Nodes in the replication group: 1 = primary only; >= 2 enables failover and multi-AZ. */
    readonly numNodes: number;
    readonly snapshotRetentionDays: number;
  };
  readonly dax: {
    readonly nodeType: string;
    /** Nodes: 1 in dev, 3 (one per AZ) in prod. */
    readonly replicationFactor: number;
  };
  readonly database: {
    readonly minAcu: number;
    readonly maxAcu: number;
    /** Serverless v2 readers (spread over AZs); 0 = writer only. */
    readonly readers: number;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
    /** Connections the alarm treats as "near max" (about 80% of max_connections at maxAcu). */
    readonly connectionsAlarmThreshold: number;
  };
  readonly edge: {
    readonly priceClass: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  };
  readonly alarms: {
    readonly cacheHitRatePercentMin: number;
    readonly redisCpuPercentMax: number;
    readonly coldStartRatioPercentMax: number;
    readonly p95LatencyMs: number;
    readonly p99LatencyMs: number;
    /** API 5xx responses as a percentage of requests. */
    readonly fiveXxRatePercentMax: number;
    /** Where alarm notifications go (SNS email subscription); none when unset. */
    readonly email?: string;
  };
  /** SES sender identity: an email address (dev) or a domain (prod). */
  readonly ses: { readonly fromEmail: string; readonly domain?: string };
  readonly evaluationPeriod: Duration;
}

const common = {
  logs: { retentionDays: 30, bucketExpireDays: 90 },
  lambda: { defaultMemoryMb: 512, defaultTimeoutSeconds: 10 },
  alarms: {
    cacheHitRatePercentMin: 60,
    redisCpuPercentMax: 75,
    coldStartRatioPercentMax: 20,
    p95LatencyMs: 300,
    p99LatencyMs: 1000,
    fiveXxRatePercentMax: 1,
  },
  evaluationPeriod: Duration.minutes(5),
} as const;

export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    ...common,
    name: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    network: { maxAzs: 2, natGateways: 1 },
    logs: { retentionDays: 7, bucketExpireDays: 14 },
    api: { throttleRateLimit: 50, throttleBurstLimit: 100, cacheClusterEnabled: false, cacheClusterSizeGb: '0.5' },
    redis: { nodeType: 'cache.t4g.micro', numNodes: 1, snapshotRetentionDays: 1 },
    dax: { nodeType: 'dax.t3.small', replicationFactor: 1 },
    database: { minAcu: 0.5, maxAcu: 2, readers: 0, backupRetentionDays: 1, deletionProtection: false, connectionsAlarmThreshold: 150 },
    edge: { priceClass: 'PriceClass_100' },
    ses: { fromEmail: 'no-reply@dev.roadcall.example' },
  },
  staging: {
    ...common,
    name: 'staging',
    removalPolicy: RemovalPolicy.DESTROY,
    network: { maxAzs: 2, natGateways: 1 },
    api: { throttleRateLimit: 200, throttleBurstLimit: 400, cacheClusterEnabled: true, cacheClusterSizeGb: '0.5' },
    redis: { nodeType: 'cache.t4g.small', numNodes: 2, snapshotRetentionDays: 3 },
    dax: { nodeType: 'dax.t3.small', replicationFactor: 2 },
    database: { minAcu: 0.5, maxAcu: 4, readers: 1, backupRetentionDays: 7, deletionProtection: false, connectionsAlarmThreshold: 300 },
    edge: { priceClass: 'PriceClass_100' },
    ses: { fromEmail: 'no-reply@staging.roadcall.example', domain: 'staging.roadcall.example' },
  },
  prod: {
    ...common,
    name: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    network: { maxAzs: 3, natGateways: 3 },
    logs: { retentionDays: 90, bucketExpireDays: 365 },
    lambda: { defaultMemoryMb: 1024, defaultTimeoutSeconds: 10 },
    api: { throttleRateLimit: 1000, throttleBurstLimit: 2000, cacheClusterEnabled: true, cacheClusterSizeGb: '1.6' },
    redis: { nodeType: 'cache.r7g.large', numNodes: 3, snapshotRetentionDays: 7 },
    dax: { nodeType: 'dax.r5.large', replicationFactor: 3 },
    database: { minAcu: 2, maxAcu: 16, readers: 1, backupRetentionDays: 14, deletionProtection: true, connectionsAlarmThreshold: 1600 },
    edge: { priceClass: 'PriceClass_All' },
    ses: { fromEmail: 'no-reply@roadcall.example', domain: 'roadcall.example' },
  },
};

/** The stage config for a name from `--context stage=...`; throws on an unknown name. */
export function stageConfig(name: string | undefined): StageConfig {
  const key = (name ?? 'dev') as StageName;
  const config = STAGES[key];
  if (!config) throw new Error(`Unknown stage "${name}": use one of ${STAGE_NAMES.join(', ')}`);
  return config;
}
