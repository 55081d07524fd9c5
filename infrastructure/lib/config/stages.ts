import { REDIS_TOPOLOGY, type RedisTopology } from '@roadcall/contracts';
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
    /** Standalone or cluster, shards and replicas: from the contracts' REDIS_TOPOLOGY (one source of truth). */
    readonly topology: RedisTopology;
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
  /** SES sender, from the `sesDomain` / `sesFromEmail` context (see {@link sesSender}). */
  readonly ses: SesSender;
  readonly evaluationPeriod: Duration;
}

/** What a stage's config holds before the deploy-time context (the SES sender) is applied. */
export type StageSettings = Omit<StageConfig, 'ses'>;

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

export const STAGES: Readonly<Record<StageName, StageSettings>> = {
  dev: {
    ...common,
    name: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    network: { maxAzs: 2, natGateways: 1 },
    logs: { retentionDays: 7, bucketExpireDays: 14 },
    api: { throttleRateLimit: 50, throttleBurstLimit: 100, cacheClusterEnabled: false, cacheClusterSizeGb: '0.5' },
    redis: { nodeType: 'cache.t4g.micro', topology: REDIS_TOPOLOGY.dev, snapshotRetentionDays: 1 },
    dax: { nodeType: 'dax.t3.small', replicationFactor: 1 },
    database: { minAcu: 0.5, maxAcu: 2, readers: 0, backupRetentionDays: 1, deletionProtection: false, connectionsAlarmThreshold: 150 },
    edge: { priceClass: 'PriceClass_100' },
  },
  staging: {
    ...common,
    name: 'staging',
    removalPolicy: RemovalPolicy.DESTROY,
    network: { maxAzs: 2, natGateways: 1 },
    api: { throttleRateLimit: 200, throttleBurstLimit: 400, cacheClusterEnabled: true, cacheClusterSizeGb: '0.5' },
    redis: { nodeType: 'cache.t4g.small', topology: REDIS_TOPOLOGY.staging, snapshotRetentionDays: 3 },
    dax: { nodeType: 'dax.t3.small', replicationFactor: 2 },
    database: { minAcu: 0.5, maxAcu: 4, readers: 1, backupRetentionDays: 7, deletionProtection: false, connectionsAlarmThreshold: 300 },
    edge: { priceClass: 'PriceClass_100' },
  },
  prod: {
    ...common,
    name: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    network: { maxAzs: 3, natGateways: 3 },
    logs: { retentionDays: 90, bucketExpireDays: 365 },
    lambda: { defaultMemoryMb: 1024, defaultTimeoutSeconds: 10 },
    api: { throttleRateLimit: 1000, throttleBurstLimit: 2000, cacheClusterEnabled: true, cacheClusterSizeGb: '1.6' },
    redis: { nodeType: 'cache.r7g.large', topology: REDIS_TOPOLOGY.prod, snapshotRetentionDays: 7 },
    dax: { nodeType: 'dax.r5.large', replicationFactor: 3 },
    database: { minAcu: 2, maxAcu: 16, readers: 1, backupRetentionDays: 14, deletionProtection: true, connectionsAlarmThreshold: 1600 },
    edge: { priceClass: 'PriceClass_All' },
  },
};

/** Nodes of a Redis topology: every shard's primary and its replicas. */
export function redisNodeCount(topology: RedisTopology): number {
  return topology.shards * (1 + topology.replicasPerShard);
}

/** Reads one CDK context value (`app.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

/**
 * The stage config for a name from `--context stage=...`, with the SES sender from the context;
 * throws on an unknown name or a sender SES cannot verify.
 */
export function stageConfig(name: string | undefined, context: ContextReader = () => undefined): StageConfig {
  const key = (name ?? 'dev') as StageName;
  const settings = STAGES[key];
  if (!settings) throw new Error(`Unknown stage "${name}": use one of ${STAGE_NAMES.join(', ')}`);
  return { ...settings, ses: sesSender(key, context) };
}

/** The SES sender of a stage: the From address and the identity SES must verify before it sends. */
export interface SesSender {
  readonly fromEmail: string;
  /** A domain identity (Easy DKIM: three CNAME records); unset: the address itself is the identity. */
  readonly domain?: string;
  /** Dev without a sender: a placeholder SES can never verify, so every send fails (synth warns). */
  readonly placeholder: boolean;
}

/** Context keys of the SES sender. */
export const SES_CONTEXT = { domain: 'sesDomain', fromEmail: 'sesFromEmail' } as const;

/** Dev's sender when none is given: synthesises (tests, the local cloud-assembly runtime), never delivers in AWS. */
export const DEV_PLACEHOLDER_SENDER = 'no-reply@dev.roadcall.example';

/** Stages that must name a sending domain: they mail users outside any sandbox. */
const DOMAIN_REQUIRED: ReadonlyArray<StageName> = ['staging', 'prod'];

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const EMAIL_PATTERN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([^@\s]+)$/;
/** Names no one can receive mail or DNS for (RFC 2606 / RFC 6761): SES could never verify them. */
const RESERVED_DOMAIN = /(?:^|\.)(?:example|example\.com|example\.net|example\.org|test|invalid|localhost|local)$/i;

function verifiableDomain(domain: string, what: string): string {
  const value = domain.trim().toLowerCase();
  if (!DOMAIN_PATTERN.test(value)) throw new Error(`${what} "${domain}" is not a domain name`);
  if (RESERVED_DOMAIN.test(value))
    throw new Error(`${what} "${domain}" is a reserved name: SES can never verify it; use a domain you control`);
  return value;
}

/**
 * The SES sender from the context: `sesDomain` (a domain you control, verified by DKIM DNS
 * records; the sender defaults to `no-reply@<domain>`) and/or `sesFromEmail` (an address; alone,
 * SES verifies it by a link mailed to it). Staging and prod refuse to synthesise without a domain:
 * an address at someone else's domain (a webmail account) fails its DMARC checks at recipients.
 * Dev without either gets {@link DEV_PLACEHOLDER_SENDER}, flagged as a placeholder.
 *
 * @example
 * sesSender('prod', (key) => ({ sesDomain: 'mail.roadcall.app' })[key]); // { fromEmail: 'no-reply@mail.roadcall.app', domain: 'mail.roadcall.app', placeholder: false }
 */
export function sesSender(stage: StageName, context: ContextReader): SesSender {
  const text = (key: string): string | undefined => {
    const value = context(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const domainInput = text(SES_CONTEXT.domain);
  const fromInput = text(SES_CONTEXT.fromEmail);
  if (!domainInput && DOMAIN_REQUIRED.includes(stage)) {
    throw new Error(
      `Stage ${stage} needs an SES sending domain you control: --context ${SES_CONTEXT.domain}=mail.your-domain.tld ` +
        `(optionally --context ${SES_CONTEXT.fromEmail}=no-reply@mail.your-domain.tld). See docs/deploy.md, "Email (SES)".`,
    );
  }
  if (!domainInput && !fromInput) return { fromEmail: DEV_PLACEHOLDER_SENDER, placeholder: true };
  const domain = domainInput ? verifiableDomain(domainInput, SES_CONTEXT.domain) : undefined;
  const fromEmail = fromInput ?? `no-reply@${domain}`;
  const match = EMAIL_PATTERN.exec(fromEmail);
  if (!match) throw new Error(`${SES_CONTEXT.fromEmail} "${fromEmail}" is not an email address`);
  const fromDomain = verifiableDomain(match[1] as string, `The domain of ${SES_CONTEXT.fromEmail}`);
  if (domain && fromDomain !== domain && !fromDomain.endsWith(`.${domain}`)) {
    throw new Error(`${SES_CONTEXT.fromEmail} "${fromEmail}" is not at ${SES_CONTEXT.domain} ${domain}: SES would refuse to send from it`);
  }
  return { fromEmail, domain, placeholder: false };
}
