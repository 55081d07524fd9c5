import * as fs from 'node:fs';
import * as path from 'node:path';
import { allFunctions, ENV, type FunctionDefinition, QUEUES, ROUTES, SSE_KEEP_ALIVE_SECONDS } from '@roadcall/contracts';
import { App, Token } from 'aws-cdk-lib';
import { readStageContext } from '../lib/config/context';
import { STAGES, stageConfig } from '../lib/config/stages';
import { REPO_ROOT } from '../lib/constructs/roadcall-function';
import { fnConstructId, stageCacheTtl } from '../lib/stacks/api-stack';
import { STREAM_ORIGIN_READ_TIMEOUT_SECONDS } from '../lib/stacks/edge-stack';
import {
  CLOUDFRONT_WAF_REGION,
  WAF_MANAGED_RULE_GROUPS,
  WAF_RATE_LIMIT_PER_IP_5_MIN,
  webAclArnParameterName,
} from '../lib/stacks/waf-stack';
import { removeSynthOutputs, type Synthesized, synthStage, testAlarmEmail } from './support/synth';

/**
 * Issue #14 ("Cloud parity: make the first deploy work"): each defect found by reviewing the
 * synthesized templates has a test here that failed on the code before its fix.
 */
type Json = Record<string, unknown>;
type Resource = { Type: string; Properties?: Json; DependsOn?: unknown };
type Resources = Record<string, Resource>;

const STAGE_NAMES = ['dev', 'staging', 'prod'] as const;
type Stage = (typeof STAGE_NAMES)[number];
const synths = {} as Record<Stage, Synthesized>;

beforeAll(() => {
  for (const stage of STAGE_NAMES) synths[stage] = synthStage(stage);
});
afterAll(removeSynthOutputs);

const resourcesOf = (synth: Synthesized, stack: keyof Synthesized['templates']): Resources =>
  synth.templates[stack].toJSON().Resources as Resources;
const ofType = (resources: Resources, type: string): Array<[string, Json]> =>
  Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);

function functionOf(synth: Synthesized, id: string): Json {
  const fn = synth.stacks.api.functions[id]?.fn;
  if (!fn) throw new Error(`no function ${id}`);
  const logicalId = synth.stacks.api.getLogicalId(fn.node.defaultChild as never);
  const props = resourcesOf(synth, 'api')[logicalId]?.Properties;
  if (!props) throw new Error(`no resource for ${id}`);
  return props;
}

describe('#4 API Gateway stage cache (staging, prod)', () => {
  const cached = ROUTES.filter((route) => stageCacheTtl(route) !== undefined);

  it('caches at least GET /vendors/{id}', () => {
    expect(cached.map((route) => `${route.method} ${route.path}`)).toContain('GET /vendors/{id}');
  });

  for (const stage of ['staging', 'prod'] as const) {
    it(`${stage}: every cached method is keyed by each of its path parameters (and the token when per user)`, () => {
      const methods = ofType(resourcesOf(synths[stage], 'api'), 'AWS::ApiGateway::Method').map(([, m]) => m);
      for (const route of cached) {
        const method = methods.find((m) => m.OperationName === route.id) as
          | { Integration: { CacheKeyParameters?: string[] }; RequestParameters?: Record<string, boolean> }
          | undefined;
        const params = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => `method.request.path.${m[1]}`);
        const expected = [...params, ...(route.cache?.varyByUser ? ['method.request.header.Authorization'] : [])];
        expect(expected.length).toBeGreaterThan(0);
        expect([...(method?.Integration.CacheKeyParameters ?? [])].sort()).toEqual([...expected].sort());
        // A cache key parameter must be a declared request parameter of the method.
        for (const key of expected) expect(method?.RequestParameters?.[key]).toBe(true);
      }
    });

    it(`${stage}: every method setting keeps the stage's throttling, logging level and metrics`, () => {
      const [, stageProps] = ofType(resourcesOf(synths[stage], 'api'), 'AWS::ApiGateway::Stage')[0] ?? [];
      const settings = (stageProps?.MethodSettings ?? []) as Json[];
      expect(settings.filter((s) => s.CachingEnabled)).toHaveLength(cached.length);
      for (const setting of settings) {
        expect(setting).toMatchObject({
          ThrottlingRateLimit: STAGES[stage].api.throttleRateLimit,
          ThrottlingBurstLimit: STAGES[stage].api.throttleBurstLimit,
          LoggingLevel: 'ERROR',
          MetricsEnabled: true,
          DataTraceEnabled: false,
        });
      }
    });
  }
});

describe('#5 RDS Proxy name', () => {
  it('is set per stage (not the construct id "Proxy")', () => {
    const names = STAGE_NAMES.map((stage) => ofType(resourcesOf(synths[stage], 'data'), 'AWS::RDS::DBProxy')[0]?.[1].DBProxyName);
    for (const [i, stage] of STAGE_NAMES.entries()) expect(names[i]).toEqual(expect.stringContaining(stage));
    expect(new Set(names).size).toBe(STAGE_NAMES.length);
  });
});

describe('#6 SSE through CloudFront', () => {
  it('keeps the keep-alive well under the stream origin read timeout, which is at most 60 s', () => {
    expect(STREAM_ORIGIN_READ_TIMEOUT_SECONDS).toBeLessThanOrEqual(60);
    expect(SSE_KEEP_ALIVE_SECONDS * 2).toBeLessThanOrEqual(STREAM_ORIGIN_READ_TIMEOUT_SECONDS);
  });

  it('the jobs events stream sends its keep-alive at the contracts interval', async () => {
    const { EVENT_STREAM_TIMING } = await import('../../services/jobs-svc/src/events');
    expect(EVENT_STREAM_TIMING.keepAliveMs).toBe(SSE_KEEP_ALIVE_SECONDS * 1000);
  });

  for (const stage of STAGE_NAMES) {
    it(`${stage}: stream behaviors use an API origin with the long read timeout; the others keep the default`, () => {
      const [, dist] = ofType(resourcesOf(synths[stage], 'edge'), 'AWS::CloudFront::Distribution')[0] ?? [];
      const config = dist?.DistributionConfig as { Origins: Json[]; CacheBehaviors: Json[] };
      const readTimeout = (originId: unknown): unknown =>
        (config.Origins.find((o) => o.Id === originId)?.CustomOriginConfig as Json | undefined)?.OriginReadTimeout;
      const streams = ROUTES.filter((route) => route.stream);
      expect(streams.length).toBeGreaterThan(0);
      for (const route of ROUTES) {
        const pattern = route.path.replace(/\{[^}]+\}/g, '*');
        const behavior = config.CacheBehaviors.find((b) => b.PathPattern === pattern);
        if (route.stream) expect(readTimeout(behavior?.TargetOriginId)).toBe(STREAM_ORIGIN_READ_TIMEOUT_SECONDS);
        else if (behavior) expect([undefined, 30]).toContain(readTimeout(behavior.TargetOriginId));
      }
    });
  }
});

describe('#8 /performance/analyze can make the SQS calls its code makes', () => {
  it('is granted every SQS action of the analyzer on every inspected DLQ', () => {
    const dir = path.join(REPO_ROOT, 'services/platform-svc/src/performance');
    const source = fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'))
      .join('\n');
    const actions = [...new Set([...source.matchAll(/sqsSdk\(\)\.(\w+)Command/g)].map((m) => `sqs:${m[1]}`))].sort();
    expect(actions).toEqual(expect.arrayContaining(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl']));

    const analyze = allFunctions().find((fn) => fn.id === 'platform.performanceAnalyze');
    expect(analyze).toBeDefined();
    for (const stage of STAGE_NAMES) {
      const synth = synths[stage];
      const statements = statementsOf(synth, 'platform.performanceAnalyze');
      const inspected = (analyze?.uses.queues ?? []).filter((use) => String(use.access) === 'inspect');
      expect(inspected.length).toBe(Object.keys(QUEUES).length);
      for (const use of inspected) {
        const dlq = synth.stacks.data.queues[use.queue]?.dlq;
        const dlqId = dlq ? synth.stacks.data.getLogicalId(dlq.node.defaultChild as never) : 'missing';
        for (const action of actions) {
          const granted = statements.some(
            (s) => ([] as unknown[]).concat(s.Action).includes(action) && JSON.stringify(s.Resource).includes(`${dlqId}Arn`),
          );
          expect({ stage, queue: use.queue, action, granted }).toEqual({ stage, queue: use.queue, action, granted: true });
        }
      }
    }
  });
});

describe('#9 alarm notifications and deployment env', () => {
  for (const stage of STAGE_NAMES) {
    it(`${stage}: the alarm topic has the context's email subscription and every alarm notifies it`, () => {
      const resources = resourcesOf(synths[stage], 'monitoring');
      const subscriptions = ofType(resources, 'AWS::SNS::Subscription').map(([, s]) => s);
      expect(subscriptions).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: testAlarmEmail(stage) })]);
      const [topicId] = ofType(resources, 'AWS::SNS::Topic')[0] ?? [];
      const alarms = ofType(resources, 'AWS::CloudWatch::Alarm');
      expect(alarms.length).toBeGreaterThan(0);
      for (const [, alarm] of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    });
  }

  it('prod does not synthesise without an alarm email; the other settings have documented defaults', () => {
    const node = (context: Record<string, unknown>) => new App({ context }).node;
    expect(() => readStageContext(node({ stage: 'prod', sesDomain: 'mail.roadcall.app' }))).toThrow(/alarmEmail/);
    expect(() => synthStage('prod', { context: { alarmEmail: undefined } })).toThrow(/alarmEmail/);
    expect(() => readStageContext(node({ stage: 'prod', sesDomain: 'mail.roadcall.app', alarmEmail: 'not-an-address' }))).toThrow(
      /not an email address/,
    );
    // dev and staging may go without: no subscription, escalations to the stage's verified sender.
    const dev = readStageContext(node({ stage: 'dev' }));
    expect(dev).toMatchObject({ escalationEmail: stageConfig('dev').ses.fromEmail, corsAllowedOrigin: '*' });
    expect(dev.config.alarms.email).toBeUndefined();
    // Escalations default to the alarm address; CORS to the custom domain.
    const prod = readStageContext(
      node({
        stage: 'prod',
        alarmEmail: 'ops@roadcall.example',
        domainName: 'api.roadcall.example',
        certificateArn: 'arn:x',
        sesDomain: 'mail.roadcall.app',
      }),
    );
    expect(prod).toMatchObject({ escalationEmail: 'ops@roadcall.example', corsAllowedOrigin: 'https://api.roadcall.example' });
    expect(prod.config.alarms.email).toBe('ops@roadcall.example');
    const given = readStageContext(
      node({
        stage: 'staging',
        escalationEmail: 'dispatch@roadcall.example',
        corsAllowedOrigin: 'https://app.roadcall.example',
        sesDomain: 'staging.mail.roadcall.app',
      }),
    );
    expect(given).toMatchObject({ escalationEmail: 'dispatch@roadcall.example', corsAllowedOrigin: 'https://app.roadcall.example' });
  });

  it('sets CORS_ALLOWED_ORIGIN and INCIDENT_ESCALATION_EMAIL from the settings', () => {
    const envOf = (synth: Synthesized, id: string): Json =>
      ((functionOf(synth, id).Environment as { Variables: Json } | undefined)?.Variables ?? {}) as Json;
    expect(envOf(synths.prod, 'incidents.sweepMatching')[ENV.incidentEscalationEmail]).toBe(testAlarmEmail('prod'));
    expect(envOf(synths.prod, 'vendors.get')[ENV.corsOrigin]).toBe('https://api.roadcall.app'); // prod has its domain: CORS defaults to it
  });

  it('sets each of the two on exactly the functions whose bundle holds the code that reads it', async () => {
    // The module that reads each variable: the HTTP wrappers' CORS header; the incidents runtime,
    // the one caller of matchingConfig() (which parses INCIDENT_ESCALATION_EMAIL).
    const readers: Record<string, string> = {
      [ENV.corsOrigin]: 'packages/utils/src/http/cors.ts',
      [ENV.incidentEscalationEmail]: 'services/incidents-svc/src/runtime.ts',
    };
    const esbuild = require('esbuild') as typeof import('esbuild');
    const modulesOf = async (definition: FunctionDefinition): Promise<string[]> => {
      const result = await esbuild.build({
        entryPoints: [path.join(REPO_ROOT, definition.entry)],
        absWorkingDir: REPO_ROOT,
        bundle: true,
        platform: 'node',
        write: false,
        metafile: true,
        logLevel: 'silent',
        // Workspace code only: third-party packages do not read Roadcall's variables.
        plugins: [
          {
            name: 'workspace-only',
            setup(build) {
              build.onResolve({ filter: /^[^./]/ }, (args) =>
                args.path.startsWith('@roadcall/') ? undefined : { path: args.path, external: true },
              );
            },
          },
        ],
      });
      const output = Object.values(result.metafile.outputs)[0];
      return Object.entries(output?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([file]) => file);
    };
    const mismatches: string[] = [];
    for (const definition of allFunctions()) {
      const modules = await modulesOf(definition);
      const env = ((functionOf(synths.prod, definition.id).Environment as { Variables: Json } | undefined)?.Variables ?? {}) as Json;
      for (const [name, reader] of Object.entries(readers)) {
        const reads = modules.some((file) => file.endsWith(reader));
        if (reads !== name in env) mismatches.push(`${definition.id}: reads ${name} ${reads}, set ${name in env}`);
      }
    }
    await esbuild.stop();
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('#11 CloudFront WAF', () => {
  for (const stage of STAGE_NAMES) {
    it(`${stage}: a CLOUDFRONT web ACL in us-east-1 with the AWS managed rule groups and a per-IP rate limit`, () => {
      const synth = synths[stage];
      expect(synth.stacks.waf.region).toBe(CLOUDFRONT_WAF_REGION);
      // Every other stack stays region-agnostic (the region comes from the credentials at deploy).
      for (const name of ['network', 'data', 'cache', 'api', 'edge', 'monitoring'] as const) {
        expect(Token.isUnresolved(synth.stacks[name].region)).toBe(true);
      }
      const resources = resourcesOf(synth, 'waf');
      const acls = ofType(resources, 'AWS::WAFv2::WebACL');
      expect(acls).toHaveLength(1);
      const [aclId, acl] = acls[0] ?? [];
      expect(acl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
      const rules = acl?.Rules as Array<{ Name: string; Action?: Json; OverrideAction?: Json; Statement: Json }>;
      const groups = rules.flatMap((rule) => {
        const statement = rule.Statement.ManagedRuleGroupStatement as { VendorName: string; Name: string } | undefined;
        return statement ? [`${statement.VendorName}/${statement.Name}`] : [];
      });
      expect(groups).toEqual(WAF_MANAGED_RULE_GROUPS.map((group) => `AWS/${group.name}`));
      for (const rule of rules.filter((r) => r.Statement.ManagedRuleGroupStatement)) expect(rule.OverrideAction).toEqual({ None: {} });
      const rate = rules.find((rule) => rule.Statement.RateBasedStatement);
      expect(rate).toMatchObject({
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: WAF_RATE_LIMIT_PER_IP_5_MIN, AggregateKeyType: 'IP' } },
      });
      const [, parameter] = ofType(resources, 'AWS::SSM::Parameter')[0] ?? [];
      expect(parameter).toMatchObject({ Name: webAclArnParameterName(stage), Value: { 'Fn::GetAtt': [aclId, 'Arn'] } });
    });

    it(`${stage}: the distribution is protected by that web ACL, its ARN read from us-east-1 after the WAF stack`, () => {
      const synth = synths[stage];
      expect(synth.stacks.edge.dependencies).toContain(synth.stacks.waf);
      const resources = resourcesOf(synth, 'edge');
      const [, dist] = ofType(resources, 'AWS::CloudFront::Distribution')[0] ?? [];
      const webAclId = (dist?.DistributionConfig as Json | undefined)?.WebACLId as { 'Fn::GetAtt': [string, string] } | undefined;
      expect(webAclId?.['Fn::GetAtt'][1]).toBe('Parameter.Value');
      const reader = resources[webAclId?.['Fn::GetAtt'][0] ?? 'none'];
      expect(reader?.Type).toBe('Custom::AWS');
      const create = JSON.stringify(reader?.Properties?.Create);
      expect(create).toContain(`\\"region\\":\\"${CLOUDFRONT_WAF_REGION}\\"`);
      expect(create).toContain(webAclArnParameterName(stage));
      // Its provider may read that one parameter and nothing else.
      const statements = ofType(resources, 'AWS::IAM::Policy')
        .flatMap(([, p]) => (p.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement)
        .filter((statement) => JSON.stringify(statement.Action).includes('ssm:'));
      expect(statements).toHaveLength(1);
      expect(statements[0]?.Action).toBe('ssm:GetParameter');
      expect(JSON.stringify(statements[0]?.Resource)).toContain(`:ssm:${CLOUDFRONT_WAF_REGION}:`);
      expect(JSON.stringify(statements[0]?.Resource)).toContain(`parameter${webAclArnParameterName(stage)}`);
    });
  }
});

describe('physical names', () => {
  /** Properties that name a resource account- (or region-) wide, by resource type. */
  const NAME_PROPERTIES: Record<string, string[]> = {
    'AWS::DynamoDB::Table': ['TableName'],
    'AWS::SQS::Queue': ['QueueName'],
    'AWS::S3::Bucket': ['BucketName'],
    'AWS::RDS::DBProxy': ['DBProxyName'],
    'AWS::RDS::DBCluster': ['DBClusterIdentifier'],
    'AWS::RDS::DBInstance': ['DBInstanceIdentifier'],
    'AWS::RDS::DBSubnetGroup': ['DBSubnetGroupName'],
    'AWS::RDS::DBClusterParameterGroup': ['DBClusterParameterGroupName'],
    'AWS::Lambda::Function': ['FunctionName'],
    'AWS::IAM::Role': ['RoleName'],
    'AWS::IAM::ManagedPolicy': ['ManagedPolicyName'],
    'AWS::ApiGateway::RestApi': ['Name'],
    'AWS::AppSync::GraphQLApi': ['Name'],
    'AWS::Logs::LogGroup': ['LogGroupName'],
    'AWS::SNS::Topic': ['TopicName'],
    'AWS::CloudWatch::Alarm': ['AlarmName'],
    'AWS::CloudWatch::Dashboard': ['DashboardName'],
    'AWS::Events::Rule': ['Name'],
    'AWS::WAFv2::WebACL': ['Name'],
    'AWS::SecretsManager::Secret': ['Name'],
    'AWS::KMS::Alias': ['AliasName'],
    'AWS::ElastiCache::ReplicationGroup': ['ReplicationGroupId'],
    'AWS::ElastiCache::SubnetGroup': ['CacheSubnetGroupName'],
    'AWS::DAX::Cluster': ['ClusterName'],
    'AWS::DAX::SubnetGroup': ['SubnetGroupName'],
    'AWS::SES::ConfigurationSet': ['Name'],
    'AWS::SES::EmailIdentity': ['EmailIdentity'],
    'AWS::Cognito::UserPool': ['UserPoolName'],
    'AWS::Cognito::UserPoolDomain': ['Domain'],
    'AWS::SSM::Parameter': ['Name'],
    'AWS::CloudFront::CachePolicy': ['CachePolicyConfig.Name'],
    'AWS::CloudFront::OriginAccessControl': ['OriginAccessControlConfig.Name'],
    'AWS::CloudFront::OriginRequestPolicy': ['OriginRequestPolicyConfig.Name'],
    'AWS::CloudFront::ResponseHeadersPolicy': ['ResponseHeadersPolicyConfig.Name'],
  };
  const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix']);

  /** A name is generated (unique per stack) when it refers to anything but a pseudo parameter that is the same for every stage. */
  function isGenerated(value: unknown): boolean {
    if (typeof value === 'string' || value === null || typeof value !== 'object') return false;
    if (Array.isArray(value)) return value.some(isGenerated);
    const entries = Object.entries(value as Json);
    if (entries.length === 1 && entries[0]?.[0] === 'Ref') return !PSEUDO.has(String(entries[0][1]));
    if (entries.length === 1 && ['Fn::GetAtt', 'Fn::ImportValue'].includes(entries[0]?.[0] ?? '')) return true;
    return entries.some(([, v]) => isGenerated(v));
  }

  it('no explicitly set physical name of one stage equals another name of any stage', () => {
    const owners = new Map<string, string[]>();
    let explicit = 0;
    for (const stage of STAGE_NAMES) {
      for (const [stack, template] of Object.entries(synths[stage].templates)) {
        for (const [id, resource] of Object.entries(template.toJSON().Resources as Resources)) {
          for (const property of NAME_PROPERTIES[resource.Type] ?? []) {
            const value = property.split('.').reduce<unknown>((v, key) => (v as Json | undefined)?.[key], resource.Properties);
            if (value === undefined || isGenerated(value)) continue;
            explicit += 1;
            const key = `${resource.Type} ${JSON.stringify(value)}`;
            owners.set(key, [...(owners.get(key) ?? []), `${stage}/${stack}/${id}`]);
          }
        }
      }
    }
    // The stage-named ones at least: the REST API, the AppSync API, the proxy, the SES identity.
    expect(explicit).toBeGreaterThanOrEqual(4 * STAGE_NAMES.length);
    const collisions = [...owners].filter(([, where]) => where.length > 1);
    expect(collisions).toEqual([]);
  });
});

describe('CloudFormation validator (@aws/cloudformation-validate, shipped with aws-cdk-lib)', () => {
  it('reports no error in any stack template of any stage', () => {
    // aws-cdk-lib carries it in its own node_modules: resolve it from there, not from the workspace.
    const validate = require(
      require.resolve('@aws/cloudformation-validate', { paths: [path.dirname(require.resolve('aws-cdk-lib/package.json'))] }),
    ) as CloudFormationValidate;
    const engine = new validate.CompositeEngine();
    const errors: string[] = [];
    let validated = 0;
    try {
      for (const stage of STAGE_NAMES) {
        for (const [stack, template] of Object.entries(synths[stage].templates)) {
          const report = engine.validateTemplate(
            new validate.TemplateContent(JSON.stringify(template.toJSON()), `${stage}-${stack}.json`),
            {
              detailLevel: 'STANDARD',
            },
          );
          validated += 1;
          for (const d of report.diagnostics) {
            if (d.severity === 'ERROR' || d.severity === 'FATAL') {
              errors.push(`${stage}/${stack} ${d.ruleId} ${JSON.stringify(d.entity)} ${d.propertyPath ?? ''}: ${d.message}`);
            }
          }
        }
      }
    } finally {
      engine.free();
    }
    expect(validated).toBe(STAGE_NAMES.length * Object.keys(synths.dev.templates).length);
    expect(errors).toEqual([]);
  });
});

// ---- helpers ----

/** The slice of @aws/cloudformation-validate's API (its index.d.ts) the test uses; it is not a workspace dependency. */
interface CloudFormationValidate {
  CompositeEngine: new () => {
    validateTemplate(
      template: unknown,
      config?: { detailLevel?: 'STANDARD' | 'DETAILED' },
    ): { diagnostics: Array<{ ruleId: string; severity: string; message: string; entity?: unknown; propertyPath?: string }> };
    free(): void;
  };
  TemplateContent: new (content: string, name?: string) => unknown;
}

function statementsOf(synth: Synthesized, id: string): Array<{ Action: unknown; Resource: unknown }> {
  const resources = resourcesOf(synth, 'api');
  const fnId = fnConstructId(id);
  const fn = functionOf(synth, id);
  const role = (fn.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  expect(role?.startsWith(fnId)).toBe(true);
  return ofType(resources, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, p]) => (p.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement);
}

describe('API Gateway errors in the JSON error body', () => {
  it('answers its own 401, 403, 429, 413, 504 and defaults with { error: { code, message }, requestId } in every stage', () => {
    for (const stage of STAGE_NAMES) {
      const responses = ofType(resourcesOf(synths[stage], 'api'), 'AWS::ApiGateway::GatewayResponse');
      const byType = new Map(responses.map(([, props]) => [props.ResponseType as string, props]));
      for (const type of [
        'UNAUTHORIZED',
        'ACCESS_DENIED',
        'THROTTLED',
        'REQUEST_TOO_LARGE',
        'INTEGRATION_TIMEOUT',
        'DEFAULT_4XX',
        'DEFAULT_5XX',
      ]) {
        const template = ((byType.get(type)?.ResponseTemplates ?? {}) as Json)['application/json'] as string | undefined;
        expect(`${stage} ${type} ${template ?? 'missing'}`).toMatch(
          /"error":\{"code":"[A-Z_]+","message":\$context\.error\.messageString\},"requestId":"\$context\.requestId"/,
        );
      }
      expect(byType.get('UNAUTHORIZED')?.StatusCode).toBe('401');
    }
  });
});
