import {
  allFunctions,
  BUCKETS,
  MIN_PROD_REDIS_SHARDS,
  QUEUES,
  REDIS_TOPOLOGY,
  ROUTES,
  SCHEDULES,
  TABLES,
  type TableContract,
} from '@roadcall/contracts';
import { Match } from 'aws-cdk-lib/assertions';
import { REDIS_PORT } from '../lib/config/constants';
import { redisNodeCount, STAGES } from '../lib/config/stages';
import { TRACKING_CACHE_TTL_SECONDS } from '../lib/constructs/tracking-graphql';
import { API_CACHE_MAX_TTL_SECONDS, stageCacheTtl } from '../lib/stacks/api-stack';
import { removeSynthOutputs, type Synthesized, stableTemplate, synthStage } from './support/synth';

type Json = Record<string, unknown>;
type Resources = Record<string, { Type: string; Properties: Json; Metadata?: Json }>;

const tables = Object.values(TABLES) as TableContract[];
const alnum = (name: string): string => name.replace(/[^A-Za-z0-9]/g, '');

let dev: Synthesized;
let prod: Synthesized;

afterAll(removeSynthOutputs);

beforeAll(() => {
  dev = synthStage('dev');
  prod = synthStage('prod');
});

describe('snapshots (dev and prod synth)', () => {
  for (const stage of ['dev', 'prod'] as const) {
    for (const stack of ['network', 'data', 'cache', 'api', 'edge', 'monitoring'] as const) {
      it(`${stage} ${stack}`, () => {
        const synth = stage === 'dev' ? dev : prod;
        expect(stableTemplate(synth.templates[stack])).toMatchSnapshot();
      });
    }
  }
});

describe('network stack', () => {
  it('has a VPC with flow logs and isolated subnets for the data tier', () => {
    const t = dev.templates.network;
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
    t.resourceCountIs('AWS::EC2::NatGateway', STAGES.dev.network.natGateways);
    prod.templates.network.resourceCountIs('AWS::EC2::NatGateway', STAGES.prod.network.natGateways);
  });

  it('opens Redis only to the functions, on its non-default port', () => {
    dev.templates.network.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: REDIS_PORT,
      ToPort: REDIS_PORT,
      SourceSecurityGroupId: Match.anyValue(),
    });
    const groups = dev.templates.network.findResources('AWS::EC2::SecurityGroup');
    for (const group of Object.values(groups)) {
      expect(JSON.stringify(group.Properties.SecurityGroupIngress ?? [])).not.toContain('0.0.0.0/0');
    }
  });
});

describe('data stack', () => {
  it('builds every contract table on demand with PITR, KMS encryption, TTL and GSIs', () => {
    const t = dev.templates.data;
    t.resourceCountIs('AWS::DynamoDB::Table', tables.length);
    for (const table of tables) {
      t.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: Match.arrayWith([{ AttributeName: table.partitionKey.name, KeyType: 'HASH' }]),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        ...(table.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } } : {}),
        ...(table.gsis?.length
          ? { GlobalSecondaryIndexes: Match.arrayWith(table.gsis.map((gsi) => Match.objectLike({ IndexName: gsi.name }))) }
          : {}),
      });
    }
    prod.templates.data.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });

  it('builds every contract queue with an encrypted DLQ and its max receive count, TLS enforced', () => {
    const t = dev.templates.data;
    const queues = Object.values(QUEUES);
    t.resourceCountIs('AWS::SQS::Queue', queues.length * 2);
    t.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    for (const queue of queues) {
      t.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        RedrivePolicy: { maxReceiveCount: queue.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      });
    }
    const policies = t.findResources('AWS::SQS::QueuePolicy');
    expect(Object.keys(policies)).toHaveLength(queues.length * 2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      );
    }
  });

  it('keeps every bucket private, encrypted and TLS 1.2+ only (contract buckets, logs, static assets)', () => {
    for (const synth of [dev, prod]) {
      for (const t of [synth.templates.data, synth.templates.edge]) {
        t.allResourcesProperties('AWS::S3::Bucket', {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
        });
        for (const policy of Object.values(t.findResources('AWS::S3::BucketPolicy'))) {
          const statements = JSON.stringify(policy.Properties.PolicyDocument.Statement);
          expect(statements).toContain('"aws:SecureTransport":"false"');
          expect(statements).toContain('"s3:TlsVersion":1.2');
          // No statement grants anyone ("*") anything: the only "*" principals are in Deny statements.
          for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
            if (statement.Effect === 'Allow') expect(JSON.stringify(statement.Principal)).not.toBe('{"AWS":"*"}');
          }
        }
      }
    }
    dev.templates.data.resourceCountIs('AWS::S3::Bucket', Object.keys(BUCKETS).length + 1);
    dev.templates.data.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: BUCKETS.exports.expireAfterDays })]) },
    });
  });

  it('runs Aurora PostgreSQL Serverless v2 encrypted, TLS-only, behind RDS Proxy with a rotated secret', () => {
    const t = prod.templates.data;
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      StorageEncrypted: true,
      DeletionProtection: true,
      ServerlessV2ScalingConfiguration: { MinCapacity: STAGES.prod.database.minAcu, MaxCapacity: STAGES.prod.database.maxAcu },
      EnableIAMDatabaseAuthentication: true,
    });
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
    t.resourceCountIs('AWS::RDS::DBInstance', 1 + STAGES.prod.database.readers);
    t.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true, EngineFamily: 'POSTGRESQL' });
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }),
    });
  });

  it('has the SES identity with a TLS-required configuration set, and the Cognito pool with role groups', () => {
    const t = dev.templates.data;
    t.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    t.hasResourceProperties('AWS::SES::EmailIdentity', { ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() } });
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12 }) },
    });
    for (const role of ['driver', 'vendor', 'admin']) t.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    prod.templates.data.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  });
});

describe('cache stack', () => {
  it('runs Redis 7 encrypted at rest and in transit, with an AUTH token from Secrets Manager and snapshots', () => {
    for (const [synth, stage] of [
      [dev, STAGES.dev],
      [prod, STAGES.prod],
    ] as const) {
      synth.templates.cache.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        Engine: 'redis',
        EngineVersion: Match.stringLikeRegexp('^7'),
        AtRestEncryptionEnabled: true,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AuthToken: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager')])]) }),
        SnapshotRetentionLimit: stage.redis.snapshotRetentionDays,
        MultiAZEnabled: stage.redis.topology.replicasPerShard > 0,
        Port: REDIS_PORT,
      });
    }
  });

  it('shards Redis per the contracts: dev one standalone node, prod cluster mode with >= 3 shards and a replica each', () => {
    expect(REDIS_TOPOLOGY.prod.mode).toBe('cluster');
    expect(REDIS_TOPOLOGY.prod.shards).toBeGreaterThanOrEqual(MIN_PROD_REDIS_SHARDS);
    expect(REDIS_TOPOLOGY.prod.replicasPerShard).toBeGreaterThanOrEqual(1);
    prod.templates.cache.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ClusterMode: 'enabled',
      CacheParameterGroupName: 'default.redis7.cluster.on',
      NumNodeGroups: REDIS_TOPOLOGY.prod.shards,
      ReplicasPerNodeGroup: REDIS_TOPOLOGY.prod.replicasPerShard,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      NumCacheClusters: Match.absent(),
    });
    dev.templates.cache.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheParameterGroupName: 'default.redis7',
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
      NumNodeGroups: Match.absent(),
    });
    // Functions that use Redis reach the configuration endpoint in cluster mode, and are told so.
    const redisEnv = (synth: Synthesized) =>
      Object.values(synth.templates.api.findResources('AWS::Lambda::Function'))
        .map((fn) => (fn.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables ?? {})
        .filter((vars) => 'REDIS_URL' in vars);
    expect(redisEnv(prod).length).toBeGreaterThan(0);
    for (const vars of redisEnv(prod)) {
      expect(vars.REDIS_CLUSTER).toBe('true');
      expect(JSON.stringify(vars.REDIS_URL)).toContain('ConfigurationEndPoint');
    }
    for (const vars of redisEnv(dev)) expect(vars.REDIS_CLUSTER).toBeUndefined();
  });

  it('runs DAX with SSE and TLS, its role scoped to the DAX tables only', () => {
    const t = prod.templates.cache;
    t.hasResourceProperties('AWS::DAX::Cluster', {
      SSESpecification: { SSEEnabled: true },
      ClusterEndpointEncryptionType: 'TLS',
      ReplicationFactor: STAGES.prod.dax.replicationFactor,
      SubnetGroupName: Match.anyValue(),
    });
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const referenced = referencedNames(JSON.stringify(policies[0]?.Properties.PolicyDocument)).tables;
    expect([...referenced].sort()).toEqual(
      tables
        .filter((table) => table.dax)
        .map((table) => alnum(table.name))
        .sort(),
    );
  });
});

describe('api stack', () => {
  const functions = allFunctions();

  it('has one Node.js 22 arm64 traced function per contract function', () => {
    const t = dev.templates.api;
    for (const fn of functions) {
      t.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(`^Roadcall ${fn.id.replace('.', '\\.')} `),
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('has a REST method per route, Cognito-authorized unless public, with a request validator', () => {
    const t = dev.templates.api;
    const methods = Object.values(t.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties);
    for (const route of ROUTES) {
      const method = methods.find((m) => m.OperationName === route.id);
      expect(method).toBeDefined();
      expect(method?.HttpMethod).toBe(route.method);
      expect(method?.AuthorizationType).toBe(route.auth === 'public' ? 'NONE' : 'COGNITO_USER_POOLS');
      expect(method?.RequestValidatorId).toBeDefined();
    }
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
    t.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ThrottlingRateLimit: STAGES.dev.api.throttleRateLimit,
          ThrottlingBurstLimit: STAGES.dev.api.throttleBurstLimit,
        }),
      ]),
    });
  });

  it('streams SSE routes through API Gateway REST response streaming, behind the authorizer', () => {
    const streamRoutes = ROUTES.filter((route) => route.stream);
    expect(streamRoutes.length).toBeGreaterThan(0);
    const methods = Object.values(dev.templates.api.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties);
    for (const route of streamRoutes) {
      const method = methods.find((m) => m.OperationName === route.id);
      expect(method?.AuthorizationType).toBe(route.auth === 'public' ? 'NONE' : 'COGNITO_USER_POOLS');
      expect(method?.Integration).toMatchObject({ Type: 'AWS_PROXY', ResponseTransferMode: 'STREAM' });
      expect(JSON.stringify(method?.Integration.Uri)).toContain('response-streaming-invocations');
      expect(method?.Integration.TimeoutInMillis).toBe(Math.min(route.timeoutSeconds ?? 900, 900) * 1000);
    }
    for (const m of methods.filter((m) => !streamRoutes.some((route) => route.id === m.OperationName))) {
      expect(m.Integration.ResponseTransferMode).toBeUndefined();
    }
  });

  it('caches cacheable GETs at the stage (staging/prod), encrypted, per user where the policy says', () => {
    const cached = ROUTES.filter((route) => stageCacheTtl(route) !== undefined);
    dev.templates.api.hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterEnabled: false });
    if (cached.length === 0) return;
    const stage = Object.values(prod.templates.api.findResources('AWS::ApiGateway::Stage'))[0]?.Properties;
    expect(stage).toMatchObject({ CacheClusterEnabled: true, CacheClusterSize: STAGES.prod.api.cacheClusterSizeGb });
    for (const route of cached) {
      const setting = ((stage?.MethodSettings ?? []) as Json[]).find(
        (m) => m.HttpMethod === route.method && m.ResourcePath === `/${route.path.replace(/\//g, '~1')}`,
      );
      expect(setting).toMatchObject({ CachingEnabled: true, CacheDataEncrypted: true, CacheTtlInSeconds: stageCacheTtl(route) });
      expect(stageCacheTtl(route)).toBeLessThanOrEqual(API_CACHE_MAX_TTL_SECONDS);
    }
    for (const route of ROUTES.filter((r) => r.cache?.varyByQuery)) expect(stageCacheTtl(route)).toBeUndefined();
  });

  it('maps every queue to its consumer with max concurrency and partial batch failures', () => {
    for (const queue of Object.values(QUEUES)) {
      if (!('consumer' in queue) || !queue.consumer) continue;
      dev.templates.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: queue.consumer.batchSize,
        ScalingConfig: { MaximumConcurrency: queue.consumer.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp(`Queue${alnum(queue.name)}[0-9A-F]{8}Arn`) },
      });
    }
  });

  it('has an EventBridge rule per schedule (the warmer every 5 minutes among them)', () => {
    const rules = Object.values(dev.templates.api.findResources('AWS::Events::Rule')).map((r) => r.Properties);
    expect(rules).toHaveLength(SCHEDULES.length);
    for (const schedule of SCHEDULES) expect(rules.map((r) => r.ScheduleExpression)).toContain(schedule.expression);
    const warmer = SCHEDULES.find((schedule) => schedule.target.uses?.invoke);
    expect(warmer?.expression).toBe('rate(5 minutes)');
  });

  it('serves tracking queries from AppSync with an encrypted 5 s per-resolver cache', () => {
    const t = dev.templates.api;
    t.hasResourceProperties('AWS::AppSync::ApiCache', {
      ApiCachingBehavior: 'PER_RESOLVER_CACHING',
      Ttl: TRACKING_CACHE_TTL_SECONDS,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
    });
    t.hasResourceProperties('AWS::AppSync::Resolver', {
      FieldName: 'trackingHistory',
      Kind: 'PIPELINE',
      CachingConfig: { Ttl: TRACKING_CACHE_TTL_SECONDS, CachingKeys: Match.arrayWith(['$context.identity.sub']) },
    });
    t.hasResourceProperties('AWS::AppSync::GraphQLApi', { AuthenticationType: 'AMAZON_COGNITO_USER_POOLS' });
  });
});

describe('least privilege (every stage)', () => {
  for (const stage of ['dev', 'prod'] as const) {
    it(`${stage}: no "*" action anywhere, and "*" resources only for X-Ray / VPC networking / CloudFront invalidations`, () => {
      const synth = stage === 'dev' ? dev : prod;
      for (const t of Object.values(synth.templates)) {
        const resources = t.toJSON().Resources as Resources;
        for (const resource of Object.values(resources)) {
          if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
          for (const statement of (resource.Properties.PolicyDocument as { Statement: Json[] }).Statement) {
            const actions = ([] as string[]).concat(statement.Action as string | string[]);
            for (const action of actions) expect(action === '*' || action.endsWith(':*')).toBe(false);
            if (statement.Resource === '*') {
              // CloudFront invalidations (the dashboard's bucket deployment) take the distribution in the request.
              for (const action of actions) expect(action).toMatch(/^(xray|ec2|logs):|^cloudfront:(Create|Get)Invalidation$/);
            }
          }
        }
      }
    });

    it(`${stage}: each function is granted exactly the tables, queues, buckets and secrets its contract uses`, () => {
      const synth = stage === 'dev' ? dev : prod;
      const resources = synth.templates.api.toJSON().Resources as Resources;
      for (const fn of allFunctions()) {
        const granted = grantsOf(resources, fn.id);
        const uses = fn.uses;
        expect([...granted.tables].sort()).toEqual([...new Set((uses.tables ?? []).map((u) => alnum(tableName(u.table))))].sort());
        // Consumers are also granted their queues by the event source mapping: that is their trigger.
        const consumed = fn.triggers.flatMap((trigger) => (trigger.kind === 'queue' ? [trigger.queue] : []));
        const queues = new Set([...(uses.queues ?? []).map((u) => u.queue), ...consumed].map((key) => alnum(queueName(key))));
        expect([...granted.queues].sort()).toEqual([...queues].sort());
        const inspected = new Set((uses.queues ?? []).filter((u) => String(u.access) === 'inspect').map((u) => alnum(queueName(u.queue))));
        expect([...granted.dlqs].sort()).toEqual([...inspected].sort());
        expect([...granted.buckets].sort()).toEqual([...new Set((uses.buckets ?? []).map((u) => u.bucket))].sort());
        const secrets = new Set<string>();
        if (uses.redis) secrets.add('RedisAuthToken');
        if (uses.database) secrets.add('DatabaseSecret');
        if (fn.triggers.some((trigger) => trigger.kind === 'route')) secrets.add('CursorSecret');
        expect([...granted.secrets].sort()).toEqual([...secrets].sort());
        // invoke: the warmer's right to invoke the warm functions; invokes: the owners' functions
        // this one calls through their narrow interface (vendors.applyChanges, vendors.capacity).
        const invokes = uses.invokes ?? [];
        expect(granted.invokes).toBe(Boolean(uses.invoke) || invokes.length > 0);
        if (!uses.invoke) {
          expect(invokeTargets(resources, fn.id).sort()).toEqual(invokes.map((target) => logicalIdOfFunction(resources, target)).sort());
        }
        expect(granted.ses).toBe(Boolean(uses.email));
      }
    });
  }

  it('lets the warmer invoke the warm functions and nothing else', () => {
    const resources = dev.templates.api.toJSON().Resources as Resources;
    const warm = allFunctions().filter((fn) => fn.warm);
    for (const fn of allFunctions().filter((f) => f.uses.invoke)) {
      const invoked = invokeTargets(resources, fn.id);
      expect(invoked.sort()).toEqual(warm.map((w) => logicalIdOfFunction(resources, w.id)).sort());
    }
  });
});

describe('edge stack', () => {
  it('fronts S3 with origin access control and the API with a 0-300 s cache policy, gzip + brotli, HTTPS only, logs', () => {
    const t = dev.templates.edge;
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    t.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        MaxTTL: 300,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true }),
      }),
    });
    const distribution = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig;
    expect(distribution.Logging).toBeDefined();
    expect(distribution.DefaultCacheBehavior.Compress).toBe(true);
    for (const behavior of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
      expect(['https-only', 'redirect-to-https']).toContain(behavior.ViewerProtocolPolicy);
    }
    for (const route of ROUTES.filter((r) => r.stream)) {
      const behavior = (distribution.CacheBehaviors as Json[]).find((b) => b.PathPattern === route.path.replace(/\{[^}]+\}/g, '*'));
      // Uncached and uncompressed, so each event reaches the client as it is written.
      expect(behavior).toMatchObject({ Compress: false, CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' });
    }
    const apiOrigin = (distribution.Origins as Json[]).find((origin) => origin.CustomOriginConfig);
    expect(apiOrigin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('enforces TLSv1.2_2021 for viewers when the stage has a custom domain', () => {
    const withDomain = synthStage('prod', {
      context: { domainName: 'api.roadcall.example', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' },
    });
    withDomain.templates.edge.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
  });
});

describe('monitoring stack', () => {
  it('alarms on cache hit rate, Redis CPU, DB connections, cold starts, p95/p99, DLQs and 5xx', () => {
    const t = prod.templates.monitoring;
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const byMetric = (name: string): Json[] =>
      alarms.filter((a) => a.MetricName === name || JSON.stringify(a.Metrics ?? []).includes(`"MetricName":"${name}"`));
    // prod is a cluster: per shard, hits / (hits + misses) over the shard's primary and replicas.
    const { topology } = STAGES.prod.redis;
    expect(byMetric('CacheHits')).toHaveLength(topology.shards);
    for (const hitRate of byMetric('CacheHits')) {
      expect(hitRate).toMatchObject({ Threshold: 60, ComparisonOperator: 'LessThanThreshold' });
      expect(JSON.stringify(hitRate.Metrics).match(/"MetricName":"CacheMisses"/g)).toHaveLength(1 + topology.replicasPerShard);
    }
    expect(byMetric('EngineCPUUtilization')).toHaveLength(redisNodeCount(STAGES.prod.redis.topology));
    expect(byMetric('EngineCPUUtilization')[0]).toMatchObject({ Threshold: 75 });
    expect(byMetric('DatabaseConnections')[0]).toMatchObject({ Threshold: STAGES.prod.database.connectionsAlarmThreshold });
    expect(byMetric('ColdStarts')).toHaveLength(allFunctions().filter((fn) => fn.warm).length);
    for (const alarm of byMetric('ColdStarts')) expect(alarm.Threshold).toBe(20);
    const stats = byMetric('Latency').map(
      (a) => a.ExtendedStatistic ?? (a.Metrics as Array<{ MetricStat?: { Stat: string } }>)[0]?.MetricStat?.Stat,
    );
    expect(stats.sort()).toEqual(['p95', 'p99']);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(Object.keys(QUEUES).length);
    expect(byMetric('5XXError')).toHaveLength(1);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

// ---- helpers: read grants back from the synthesized api template ----

function tableName(key: string): string {
  return (TABLES as Record<string, TableContract>)[key]?.name ?? key;
}

function queueName(key: string): string {
  return (QUEUES as Record<string, { name: string }>)[key]?.name ?? key;
}

/** Names of contract resources referenced in a policy document (by CDK's logical id prefixes). */
function referencedNames(json: string): { tables: Set<string>; queues: Set<string>; dlqs: Set<string>; secrets: Set<string> } {
  const grab = (pattern: RegExp): Set<string> => new Set([...json.matchAll(pattern)].map((m) => m[1] ?? ''));
  return {
    tables: grab(/Table([a-z0-9]+)[0-9A-F]{8}Arn/g),
    queues: grab(/Queue([a-z0-9]+)[0-9A-F]{8}Arn/g),
    dlqs: grab(/Dlq([a-z0-9]+)[0-9A-F]{8}Arn/g),
    secrets: grab(/(RedisAuthToken|CursorSecret|DatabaseSecret)/g),
  };
}

function logicalIdOfFunction(resources: Resources, id: string): string {
  const entry = Object.entries(resources).find(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties?.Description ?? '').startsWith(`Roadcall ${id} (`),
  );
  if (!entry) throw new Error(`No function ${id}`);
  return entry[0];
}

function roleOf(resources: Resources, id: string): string {
  const role = resources[logicalIdOfFunction(resources, id)]?.Properties.Role as { 'Fn::GetAtt': string[] } | undefined;
  return role?.['Fn::GetAtt'][0] ?? '';
}

function policiesOf(resources: Resources, id: string): Json[] {
  const role = roleOf(resources, id);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Json[] }).Statement);
}

function grantsOf(resources: Resources, id: string) {
  const statements = policiesOf(resources, id);
  const json = JSON.stringify(statements);
  const names = referencedNames(json);
  const role = resources[roleOf(resources, id)];
  const managed = JSON.stringify(role?.Properties?.ManagedPolicyArns ?? []);
  const buckets = new Set([...managed.matchAll(/Bucket([a-z0-9]+)(Read|Write)[0-9A-F]{8}/g)].map((m) => m[1] ?? ''));
  return {
    ...names,
    buckets,
    invokes: json.includes('lambda:InvokeFunction'),
    ses: json.includes('ses:SendEmail'),
  };
}

function invokeTargets(resources: Resources, id: string): string[] {
  return policiesOf(resources, id)
    .filter((s) => JSON.stringify(s.Action).includes('lambda:InvokeFunction'))
    .flatMap((s) => ([] as Json[]).concat(s.Resource as Json | Json[]))
    .map((r) => ((r as { 'Fn::GetAtt': string[] })['Fn::GetAtt'] ?? [])[0] ?? '');
}
