import { LIVE_EVENTS } from './events';

/**
 * Every environment variable Roadcall reads, with what it means and its default. The README's
 * configuration table lists exactly these (a test keeps the two in step).
 */
export interface EnvVarSpec {
  readonly name: string;
  readonly description: string;
  /** Default when unset; `undefined` means required where it is used. */
  readonly default?: string;
  /** Where it is set: by the local stack, by CDK, or by the user (`user+cdk`: by the user locally, by CDK in AWS). */
  readonly setBy: 'user' | 'local' | 'cdk' | 'local+cdk' | 'user+cdk';
}

/** Names of the shared env vars (resource names have their own in each table/queue/bucket contract). */
export const ENV = {
  stage: 'STAGE',
  region: 'AWS_REGION',
  logLevel: 'LOG_LEVEL',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  redisUrl: 'REDIS_URL',
  redisAuthSecretArn: 'REDIS_AUTH_SECRET_ARN',
  redisCluster: 'REDIS_CLUSTER',
  databaseUrl: 'DATABASE_URL',
  databaseSecretArn: 'DATABASE_SECRET_ARN',
  databaseHost: 'DATABASE_HOST',
  databaseName: 'DATABASE_NAME',
  databasePoolMax: 'DATABASE_POOL_MAX',
  daxEndpoint: 'DAX_ENDPOINT',
  cacheMaxSize: 'CACHE_MAX_SIZE',
  cacheMaxBytes: 'CACHE_MAX_BYTES',
  cursorSecret: 'CURSOR_SECRET',
  cursorSecretArn: 'CURSOR_SECRET_ARN',
  sesFromEmail: 'SES_FROM_EMAIL',
  jobCleanupDays: 'JOB_CLEANUP_DAYS',
  localJwtSecret: 'LOCAL_JWT_SECRET',
  port: 'PORT',
  localWorkers: 'LOCAL_WORKERS',
  stateFile: 'ROADCALL_STATE_FILE',
  corsOrigin: 'CORS_ALLOWED_ORIGIN',
  warmerConcurrency: 'WARMER_CONCURRENCY',
  metricsKeyPrefix: 'METRICS_KEY_PREFIX',
  eventsKeyPrefix: 'EVENTS_KEY_PREFIX',
  metricsFlushIntervalMs: 'METRICS_FLUSH_INTERVAL_MS',
  perfResponseTimeMs: 'PERF_RESPONSE_TIME_THRESHOLD_MS',
  perfErrorRate: 'PERF_ERROR_RATE_THRESHOLD',
  perfMemoryPercent: 'PERF_MEMORY_THRESHOLD_PERCENT',
  perfCacheHitRate: 'PERF_CACHE_HIT_RATE_THRESHOLD',
  perfColdStartRatio: 'PERF_COLD_START_RATIO_THRESHOLD',
  incidentOfferWindowSeconds: 'INCIDENT_OFFER_WINDOW_SECONDS',
  incidentEscalationSeconds: 'INCIDENT_ESCALATION_SECONDS',
  incidentMatchRadiiKm: 'INCIDENT_MATCH_RADII_KM',
  incidentOfferBatchSize: 'INCIDENT_OFFER_BATCH_SIZE',
  incidentEscalationEmail: 'INCIDENT_ESCALATION_EMAIL',
  trackingRateLimitPerMinute: 'TRACKING_RATE_LIMIT_PER_MINUTE',
  trackingHistoryTtlDays: 'TRACKING_HISTORY_TTL_DAYS',
  /** Build-time constants the bundler defines from a function's contract (see `bundleDefines`). */
  bundleWithoutRedis: 'ROADCALL_BUNDLE_WITHOUT_REDIS',
  bundleWithoutPostgres: 'ROADCALL_BUNDLE_WITHOUT_POSTGRES',
} as const;

/**
 * Every env var with its description, for the README table and the tests. Built by a call marked
 * pure so bundlers drop it from Lambda bundles, which never read it (~7 KB of text each).
 */
export const ENV_VARS: ReadonlyArray<EnvVarSpec> = /* @__PURE__ */ (() => [
  { name: ENV.stage, description: 'Deployment stage: local, dev, staging or prod.', default: 'local', setBy: 'local+cdk' },
  { name: ENV.region, description: 'AWS region (set by Lambda itself in AWS).', default: 'us-east-1', setBy: 'local' },
  { name: ENV.logLevel, description: 'Powertools logger level (DEBUG, INFO, WARN, ERROR).', default: 'INFO', setBy: 'user' },
  { name: ENV.serviceName, description: 'Service name on every log line and metric.', default: 'roadcall', setBy: 'cdk' },
  { name: ENV.metricsNamespace, description: 'CloudWatch metrics namespace.', default: 'Roadcall', setBy: 'cdk' },
  {
    name: ENV.redisUrl,
    description: 'Redis URL (rediss:// for TLS). Locally: given, or a redis-server the stack spawns.',
    setBy: 'local+cdk',
  },
  { name: ENV.redisAuthSecretArn, description: 'Secrets Manager ARN of the ElastiCache AUTH token (AWS only).', setBy: 'cdk' },
  {
    name: ENV.redisCluster,
    description:
      'true: REDIS_URL is a Redis Cluster (ElastiCache cluster mode enabled: its configuration endpoint; locally: any node) and the client is an ioredis Cluster. Per stage in the contracts (`redisTopology`).',
    default: 'false',
    setBy: 'local+cdk',
  },
  { name: ENV.databaseUrl, description: 'PostgreSQL URL. Locally: given, or an embedded PostgreSQL the stack starts.', setBy: 'local' },
  {
    name: ENV.databaseSecretArn,
    description: 'Secrets Manager ARN of the Aurora credentials (AWS only; used with DATABASE_HOST).',
    setBy: 'cdk',
  },
  { name: ENV.databaseHost, description: 'RDS Proxy endpoint (AWS only).', setBy: 'cdk' },
  { name: ENV.databaseName, description: 'Database name on the RDS Proxy (AWS only).', default: 'roadcall', setBy: 'cdk' },
  { name: ENV.databasePoolMax, description: 'Max connections per process: 2 in Lambda, 10 in a long-lived process.', setBy: 'user' },
  { name: ENV.daxEndpoint, description: 'DAX cluster endpoint; when set, table reads go through DAX.', setBy: 'cdk' },
  { name: ENV.cacheMaxSize, description: 'Max entries of the in-process (L1) cache per namespace.', default: '1000', setBy: 'user' },
  {
    name: ENV.cacheMaxBytes,
    description: 'Max approximate bytes (serialized size) of the in-process (L1) cache per namespace.',
    default: '8388608',
    setBy: 'user',
  },
  { name: ENV.cursorSecret, description: 'HMAC key that signs pagination cursors (locally generated per run).', setBy: 'local' },
  { name: ENV.cursorSecretArn, description: 'Secrets Manager ARN holding the cursor signing key (AWS only).', setBy: 'cdk' },
  { name: ENV.sesFromEmail, description: 'Sender address of job emails.', default: 'no-reply@roadcall.local', setBy: 'local+cdk' },
  { name: ENV.jobCleanupDays, description: 'Days a finished job is kept before expiry.', default: '30', setBy: 'user' },
  { name: ENV.localJwtSecret, description: 'Local stack only: HS256 key that signs and verifies demo tokens.', setBy: 'local' },
  { name: ENV.port, description: 'Port of the local API.', default: '3000', setBy: 'user' },
  {
    name: ENV.localWorkers,
    description:
      'Local stack only: processes serving the API (each its own module scope, caches and pools, as Lambda containers are separate); more use more cores.',
    default: '1',
    setBy: 'user',
  },
  {
    name: ENV.corsOrigin,
    description:
      'Value of Access-Control-Allow-Origin. In AWS, CDK sets it on the route functions from the `corsAllowedOrigin` context (default `https://<domainName>`, else `*`).',
    default: '*',
    setBy: 'user+cdk',
  },
  {
    name: 'AWS_ENDPOINT_URL_DYNAMODB',
    description: 'Standard SDK endpoint override for DynamoDB; set by the local stack only (dynalite).',
    setBy: 'local',
  },
  {
    name: 'AWS_ENDPOINT_URL_SQS',
    description: 'Standard SDK endpoint override for SQS; set by the local stack only (fauxqs).',
    setBy: 'local',
  },
  {
    name: 'AWS_ENDPOINT_URL_S3',
    description: 'Standard SDK endpoint override for S3; set by the local stack only (fauxqs).',
    setBy: 'local',
  },
  {
    name: 'AWS_ENDPOINT_URL_SES',
    description: 'Standard SDK endpoint override for SES; set by the local stack only (aws-ses-v2-local).',
    setBy: 'local',
  },
  {
    name: 'AWS_ENDPOINT_URL_SESV2',
    description: 'Standard SDK endpoint override for SES v2; set by the local stack only (aws-ses-v2-local).',
    setBy: 'local',
  },
  {
    name: ENV.bundleWithoutRedis,
    description:
      'Build-time constant, not a runtime variable: CDK and `pnpm bench coldstart` define it (`"true"`) in the bundle of a function whose contract declares no Redis, which then ships without ioredis.',
    setBy: 'cdk',
  },
  {
    name: ENV.bundleWithoutPostgres,
    description: 'Build-time constant, not a runtime variable: the same for a function whose contract declares no database (no pg).',
    setBy: 'cdk',
  },
  {
    name: ENV.stateFile,
    description:
      'Local stack only: where `pnpm dev` writes its URL, tokens and pids, and where scripts (`pnpm seed`, `pnpm db:migrate`, load tests) look for it.',
    default: '.roadcall/stack.json',
    setBy: 'user',
  },
  {
    name: 'TEST_DATABASE_URL',
    description: 'Tests only: a PostgreSQL server to create a test database in (dropped afterwards) instead of the embedded one.',
    setBy: 'user',
  },
  { name: 'REDIS_SERVER_BIN', description: 'Local stack only: path of redis-server when it is not on PATH.', setBy: 'user' },
  {
    name: ENV.warmerConcurrency,
    description: "Containers the warmer keeps warm per warm-marked function (a contract entry's warmConcurrency wins).",
    default: '3',
    setBy: 'user',
  },
  {
    name: ENV.metricsKeyPrefix,
    description: 'Redis key prefix of the cross-container metrics buckets.',
    default: 'roadcall:metrics',
    setBy: 'user',
  },
  {
    name: ENV.eventsKeyPrefix,
    description: "Redis key prefix of the live events channel (GET /events): per-user and admin streams, and the alert sources' memory.",
    default: `rc:<stage>:${LIVE_EVENTS.keyPrefix}`,
    setBy: 'user',
  },
  {
    name: ENV.metricsFlushIntervalMs,
    description: 'How often a container flushes its in-memory metrics to Redis and CloudWatch EMF (off the request path).',
    default: '10000',
    setBy: 'user',
  },
  {
    name: ENV.perfResponseTimeMs,
    description: 'p95 latency (ms) above which /performance/analyze reports a route or function as slow.',
    default: '1000',
    setBy: 'user',
  },
  {
    name: ENV.perfErrorRate,
    description: 'Share of 5xx answers (0..1) above which analyze reports a route.',
    default: '0.05',
    setBy: 'user',
  },
  {
    name: ENV.perfMemoryPercent,
    description: 'Heap or RSS use, in percent of the function memory, above which analyze reports a container.',
    default: '80',
    setBy: 'user',
  },
  {
    name: ENV.perfCacheHitRate,
    description: 'Hit rate (0..1) below which analyze reports a cache namespace.',
    default: '0.5',
    setBy: 'user',
  },
  {
    name: ENV.perfColdStartRatio,
    description: 'Cold starts per invocation (0..1) above which analyze reports a function.',
    default: '0.2',
    setBy: 'user',
  },
  {
    name: ENV.incidentOfferWindowSeconds,
    description: 'Seconds a matching offer stays open before it goes to the next vendors (an SQS message delay, 1-900).',
    default: '20',
    setBy: 'user',
  },
  {
    name: ENV.incidentEscalationSeconds,
    description: 'Seconds after creation an unmatched incident escalates (status `escalated` and an email).',
    default: '60',
    setBy: 'user',
  },
  {
    name: ENV.incidentMatchRadiiKm,
    description: 'Search radii (km, comma-separated, widening) that matching offers vendors from, in turn.',
    default: '10,25,50',
    setBy: 'user',
  },
  {
    name: ENV.incidentOfferBatchSize,
    description: 'Vendors offered an incident at once per matching round (the first to accept wins).',
    default: '3',
    setBy: 'user',
  },
  {
    name: ENV.incidentEscalationEmail,
    description:
      "Dispatch address that escalated incidents are emailed to. In AWS, CDK sets it on the incidents functions from the `escalationEmail` context (default: the `alarmEmail` context, else the stage's SES sender).",
    default: 'dispatch@roadcall.local',
    setBy: 'user+cdk',
  },
  {
    name: ENV.trackingRateLimitPerMinute,
    description: 'Location updates a vendor may send per minute (fixed window; 429 with Retry-After beyond).',
    default: '120',
    setBy: 'user',
  },
  {
    name: ENV.trackingHistoryTtlDays,
    description: "Days a tracking history point is kept (the table's TTL attribute `expiresAt`).",
    default: '7',
    setBy: 'user',
  },
])();

/** The stage a local run uses, which also prefixes local resource names. */
export const LOCAL_STAGE = 'local';
