import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  allFunctions,
  BUCKETS,
  CACHE_NAMESPACES,
  DEPLOY_TRIGGERS,
  ENV,
  type FunctionDefinition,
  functionId,
  functionNameEnvVar,
  needsVpc,
  QUEUES,
  ROUTES,
  type RouteContract,
  readsThroughDax,
  SCHEDULES,
  TABLES,
  type TableContract,
} from '@roadcall/contracts';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as triggers from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { DATABASE_NAME } from '../config/constants';
import type { StageConfig } from '../config/stages';
import { addGatewayErrorResponses } from '../constructs/gateway-responses';
import { OriginGuard } from '../constructs/origin-guard';
import { REPO_ROOT, RoadcallFunction, type RoadcallFunctionProps } from '../constructs/roadcall-function';
import { TrackingGraphql } from '../constructs/tracking-graphql';
import type { CacheStack } from './cache-stack';
import type { DataStack } from './data-stack';
import type { NetworkStack } from './network-stack';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cache: CacheStack;
  /** Runtime settings from the deployment's context (lib/config/context.ts). */
  readonly runtime: RuntimeSettings;
  /** See {@link RoadcallFunctionProps.allowMissingHandler}. */
  readonly allowMissingHandlers?: boolean;
}

/** Settings the functions read from env that come from the deployment, not the contracts. */
export interface RuntimeSettings {
  /** INCIDENT_ESCALATION_EMAIL of the incidents functions. */
  readonly escalationEmail: string;
  /** CORS_ALLOWED_ORIGIN of the route functions. */
  readonly corsAllowedOrigin: string;
}

/** API Gateway REST keeps a streamed response open at most this long. */
const STREAM_MAX_SECONDS = 900;

/**
 * The stage cache holds an entry at most this long, whatever the namespace TTL: the services
 * invalidate their own caches on update, but cannot reach API Gateway's, so this bounds staleness.
 */
export const API_CACHE_MAX_TTL_SECONDS = 60;

/**
 * The code tier, built entirely from the contracts: one NodejsFunction per contract function,
 * the REST API (a method per route, Cognito authorizer, validation, throttling, access logs,
 * stage caching where a route's policy allows, response streaming for SSE routes), SQS event source mappings, EventBridge schedules (the warmer among them), the AppSync
 * tracking API, and the contracts' deploy triggers (the PostgreSQL migration among them).
 */
export class ApiStack extends Stack {
  readonly functions: Readonly<Record<string, RoadcallFunction>>;
  readonly restApi: apigw.RestApi;
  /** Routes with `stream: true` (SSE): their methods stream the Lambda response through API Gateway. */
  readonly streamRoutes: ReadonlyArray<RouteContract>;
  readonly graphql: TrackingGraphql;
  /** The shared secret CloudFront sends and the stage's web ACL that requires it. */
  readonly originGuard: OriginGuard;
  /** Methods of `auth: 'public'` routes (no authorizer by contract). */
  readonly publicMethods: apigw.Method[] = [];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, network, data, cache } = props;

    const definitions = allFunctions();

    const missing = definitions.filter((definition) => !fs.existsSync(path.join(REPO_ROOT, definition.entry)));
    if (missing.length > 0 && !props.allowMissingHandlers) {
      throw new Error(
        `Handler files named by the contracts do not exist: ${missing.map((d) => `${d.id} -> ${d.entry}`).join(', ')}. ` +
          'Add them, or synth with --context allowMissingHandlers=true to deploy failing placeholders.',
      );
    }

    const functions: Record<string, RoadcallFunction> = {};
    for (const definition of definitions) {
      const inVpc = needsVpc(definition);
      functions[definition.id] = new RoadcallFunction(this, fnConstructId(definition.id), {
        config,
        definition,
        vpc: inVpc ? { vpc: network.vpc, securityGroup: network.lambdaSg } : undefined,
        allowMissingHandler: props.allowMissingHandlers,
      });
    }
    this.functions = functions;
    const warm = Object.values(functions).filter((f) => f.definition.warm);
    for (const wrapped of Object.values(functions)) grantUses(wrapped, { config, data, cache, warm, functions, runtime: props.runtime });

    // REST API.
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: config.logs.retentionDays as logs.RetentionDays,
      removalPolicy: config.removalPolicy,
    });
    const cachedRoutes = ROUTES.filter((route) => stageCacheTtl(route) !== undefined);
    const cacheCluster = config.api.cacheClusterEnabled && cachedRoutes.length > 0;
    // The stage's settings for every method. A per-method override replaces the stage's settings for
    // that method (it does not inherit them), so each cached method repeats them.
    const stageMethodSettings = {
      metricsEnabled: true,
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      throttlingRateLimit: config.api.throttleRateLimit,
      throttlingBurstLimit: config.api.throttleBurstLimit,
    } satisfies apigw.MethodDeploymentOptions;
    const methodOptions: Record<string, apigw.MethodDeploymentOptions> = {};
    if (cacheCluster) {
      for (const route of cachedRoutes) {
        methodOptions[`${route.path}/${route.method}`] = {
          ...stageMethodSettings,
          cachingEnabled: true,
          cacheTtl: Duration.seconds(stageCacheTtl(route) ?? 0),
          cacheDataEncrypted: true,
        };
      }
    }
    this.restApi = new apigw.RestApi(this, 'Api', {
      // The name is the ApiName dimension of the API's metrics: one per stage.
      restApiName: `roadcall-${config.name}`,
      description: `Roadcall ${config.name} API (generated from @roadcall/contracts)`,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: config.name,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: true,
        ...stageMethodSettings,
        cacheClusterEnabled: cacheCluster,
        cacheClusterSize: cacheCluster ? config.api.cacheClusterSizeGb : undefined,
        cacheDataEncrypted: cacheCluster,
        methodOptions,
      },
    });
    addGatewayErrorResponses(this.restApi, props.runtime.corsAllowedOrigin);
    // Only CloudFront may call the stage (its WAF and TLS policy are the edge): see OriginGuard.
    this.originGuard = new OriginGuard(this, 'OriginGuard', { config, restApi: this.restApi });
    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [data.userPool] });
    const validator = this.restApi.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });

    for (const route of ROUTES) {
      const wrapped = functions[fnIdOf(route)];
      if (!wrapped) throw new Error(`No function for route ${route.id}`);
      const resource = this.restApi.root.resourceForPath(route.path);
      const pathParams = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]);
      const stageCached = stageCacheTtl(route) !== undefined;
      const varyByUser = route.cache?.varyByUser && stageCached;
      const requestParameters: Record<string, boolean> = {};
      for (const param of pathParams) requestParameters[`method.request.path.${param}`] = true;
      if (varyByUser) requestParameters['method.request.header.Authorization'] = true;
      const protectedRoute = route.auth !== 'public';
      const method = resource.addMethod(
        route.method,
        new apigw.LambdaIntegration(wrapped.fn, {
          proxy: true,
          // The stage cache keys an entry by the declared parameters only: every path parameter (else
          // one vendor's profile answers for every id), and the token for per-user entries.
          cacheKeyParameters: stageCached ? cacheKeyParameters(pathParams, Boolean(varyByUser)) : undefined,
          allowTestInvoke: false,
          // SSE: API Gateway REST response streaming (Lambda `response-streaming-invocations`), so the
          // Cognito authorizer, throttling and access logs apply to streams too; up to 15 minutes.
          ...(route.stream
            ? {
                responseTransferMode: apigw.ResponseTransferMode.STREAM,
                timeout: Duration.seconds(Math.min(route.timeoutSeconds ?? STREAM_MAX_SECONDS, STREAM_MAX_SECONDS)),
              }
            : {}),
        }),
        {
          operationName: route.id,
          authorizer: protectedRoute ? authorizer : undefined,
          authorizationType: protectedRoute ? apigw.AuthorizationType.COGNITO : apigw.AuthorizationType.NONE,
          requestValidator: validator,
          requestParameters,
        },
      );
      if (!protectedRoute) this.publicMethods.push(method);
    }
    this.streamRoutes = ROUTES.filter((route) => route.stream);

    // Queue consumers: partial batch failures, max concurrency per priority.
    for (const [key, contract] of Object.entries(QUEUES)) {
      const consumer = 'consumer' in contract ? contract.consumer : undefined;
      if (!consumer) continue;
      const wrapped = functions[`${consumer.service}.${consumer.handler}`];
      const pair = data.queues[key];
      if (!wrapped || !pair) throw new Error(`Queue ${key}: consumer or queue missing`);
      wrapped.fn.addEventSource(
        new sources.SqsEventSource(pair.queue, {
          batchSize: consumer.batchSize,
          maxConcurrency: consumer.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }

    // Schedules (the warmer is one of them: `platform-warmer`, every 5 minutes).
    for (const schedule of SCHEDULES) {
      const wrapped = functions[`${schedule.target.service}.${schedule.target.handler}`];
      if (!wrapped) throw new Error(`Schedule ${schedule.id}: no target function`);
      new events.Rule(this, `Schedule-${schedule.id}`, {
        description: schedule.description,
        schedule: events.Schedule.expression(schedule.expression),
        targets: [
          new targets.LambdaFunction(wrapped.fn, {
            event: schedule.input ? events.RuleTargetInput.fromObject(schedule.input) : undefined,
            retryAttempts: 2,
            maxEventAge: Duration.minutes(5),
          }),
        ],
      });
    }

    // AppSync: tracking history queries with a 5 s encrypted per-resolver cache.
    const incidents = data.tables.incidents;
    const trackingHistory = data.tables.trackingHistory;
    if (!incidents || !trackingHistory) throw new Error('AppSync needs the incidents and trackingHistory tables');
    this.graphql = new TrackingGraphql(this, 'TrackingGraphql', { config, userPool: data.userPool, incidents, trackingHistory });

    // Deploy triggers (the PostgreSQL migration): run once per deploy that changes their code, after
    // the database and its proxy exist and before any other function that uses the database changes,
    // so new code never meets an old schema; a throw fails (and rolls back) the deploy.
    for (const contract of DEPLOY_TRIGGERS) {
      const wrapped = functions[functionId(contract.target)];
      if (!wrapped) throw new Error(`Deploy trigger ${contract.id}: no function`);
      const database = Boolean(contract.target.uses?.database);
      new triggers.Trigger(this, `Deploy${fnConstructId(contract.id)}`, {
        handler: wrapped.fn,
        executeAfter: database ? [data.database, data.proxy] : [],
        executeBefore: database
          ? Object.values(functions)
              .filter((other) => other !== wrapped && other.definition.uses.database)
              .map((other) => other.fn)
          : [],
        executeOnHandlerChange: true,
        timeout: Duration.seconds(contract.target.timeoutSeconds ?? config.lambda.defaultTimeoutSeconds),
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.restApi.url, description: 'REST API base URL (stage included)' });
    new CfnOutput(this, 'GraphqlUrl', { value: this.graphql.api.graphqlUrl, description: 'AppSync tracking API' });
    new CfnOutput(this, 'UserPoolId', { value: data.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: data.userPoolClient.userPoolClientId });
  }
}

/** The stage-cache key of a cached method: its path parameters, plus the token when per user. */
export function cacheKeyParameters(pathParams: ReadonlyArray<string | undefined>, varyByUser: boolean): string[] {
  return [
    ...pathParams.filter((param): param is string => Boolean(param)).map((param) => `method.request.path.${param}`),
    ...(varyByUser ? ['method.request.header.Authorization'] : []),
  ];
}

function fnIdOf(route: RouteContract): string {
  return `${route.service}.${route.handler}`;
}

/** `vendors.search` -> `VendorsSearch`: a stable construct id per function. */
export function fnConstructId(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The API Gateway stage-cache TTL of a route, or undefined when the stage cache must not hold it:
 * only GETs with a cache policy, a finite TTL, and no query-string variance (API Gateway keys only
 * declared parameters, so an unknown query string could otherwise be served a wrong entry).
 */
export function stageCacheTtl(route: RouteContract): number | undefined {
  if (route.method !== 'GET' || !route.cache || route.cache.varyByQuery || route.stream) return undefined;
  const wanted = route.cache.namespace;
  const namespaces: Record<string, { name: string; ttlSeconds: number | null }> = CACHE_NAMESPACES;
  const namespace = namespaces[wanted] ?? Object.values(namespaces).find((ns) => ns.name === wanted);
  if (!namespace || namespace.ttlSeconds === null) return undefined;
  return Math.min(namespace.ttlSeconds, API_CACHE_MAX_TTL_SECONDS);
}

interface GrantContext {
  readonly config: StageConfig;
  readonly data: DataStack;
  readonly cache: CacheStack;
  readonly warm: ReadonlyArray<RoadcallFunction>;
  /** Every function by id (the targets of `uses.invokes`). */
  readonly functions: Readonly<Record<string, RoadcallFunction>>;
  readonly runtime: RuntimeSettings;
}

/**
 * Env vars and IAM grants from a function's `uses`, and nothing more: the narrowest CDK grant per
 * access kind, each on the one resource named.
 */
function grantUses(wrapped: RoadcallFunction, { config, data, cache, warm, functions, runtime }: GrantContext): void {
  const { fn, definition } = wrapped;
  const { uses } = definition;
  const env = (name: string, value: string): void => {
    fn.addEnvironment(name, value);
  };

  for (const use of uses.tables ?? []) {
    const table = data.tables[use.table];
    const contract = (TABLES as Record<string, TableContract>)[use.table];
    if (!table || !contract) throw new Error(`${definition.id}: unknown table ${use.table}`);
    env(contract.envVar, table.tableName);
    // Explicit actions on the table and its named indexes: no `index/*` wildcard, no `dynamodb:*`.
    const reads = use.access !== 'write';
    const writes = use.access !== 'read';
    const actions = [...(reads ? DYNAMO_READ : []), ...(writes ? DYNAMO_WRITE : []), 'dynamodb:DescribeTable'];
    const resources = [table.tableArn, ...(reads ? (contract.gsis ?? []).map((gsi) => `${table.tableArn}/index/${gsi.name}`) : [])];
    fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    if (readsThroughDax(definition, use.table) && cache.dax) {
      env(ENV.daxEndpoint, cache.dax.attrClusterDiscoveryEndpointUrl);
      grantDax(fn, cache.dax.attrArn, use.access);
    }
  }

  for (const use of uses.queues ?? []) {
    const pair = data.queues[use.queue];
    const contract = (QUEUES as Record<string, { envVar: string }>)[use.queue];
    if (!pair || !contract) throw new Error(`${definition.id}: unknown queue ${use.queue}`);
    env(contract.envVar, pair.queue.queueUrl);
    const access: string = use.access;
    if (access === 'send') pair.queue.grantSendMessages(fn);
    else if (access === 'consume') pair.queue.grantConsumeMessages(fn);
    else if (access === 'inspect') {
      // Depth and redrive policy of the queue and its DLQ; never a message body. The DLQ is found
      // from the redrive policy's ARN, so its URL is looked up (GetQueueUrl) on the DLQ only.
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [pair.queue.queueArn, pair.dlq.queueArn] }),
      );
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl'], resources: [pair.dlq.queueArn] }));
    } else throw new Error(`${definition.id}: unknown queue access ${access}`);
  }

  for (const use of uses.buckets ?? []) {
    const bucket = data.buckets[use.bucket];
    const policies = data.bucketPolicies[use.bucket];
    const contract = (BUCKETS as Record<string, { envVar: string }>)[use.bucket];
    if (!bucket || !policies || !contract) throw new Error(`${definition.id}: unknown bucket ${use.bucket}`);
    env(contract.envVar, bucket.bucketName);
    // Object-level grants are managed policies owned by the data stack (see DataStack.bucketPolicies).
    if (use.access !== 'write') fn.role?.addManagedPolicy(policies.read);
    if (use.access !== 'read') fn.role?.addManagedPolicy(policies.write);
  }

  if (uses.redis) {
    env(ENV.redisUrl, cache.redisUrl);
    if (cache.redisCluster) env(ENV.redisCluster, 'true');
    env(ENV.redisAuthSecretArn, cache.redisAuthSecret.secretArn);
    cache.redisAuthSecret.grantRead(fn);
  }

  if (uses.database) {
    env(ENV.databaseSecretArn, data.databaseSecret.secretArn);
    env(ENV.databaseHost, data.proxy.endpoint);
    env(ENV.databaseName, DATABASE_NAME);
    env(ENV.databasePoolMax, '2');
    data.databaseSecret.grantRead(fn);
  }

  if (uses.email) {
    env(ENV.sesFromEmail, config.ses.fromEmail);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          Stack.of(data).formatArn({ service: 'ses', resource: 'identity', resourceName: data.emailIdentity.emailIdentityName }),
          Stack.of(data).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: data.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }

  if (uses.invoke) {
    // The warmer: the physical name of each warm function, and invoke on exactly those.
    for (const target of warm) env(functionNameEnvVar(target.definition.id), target.fn.functionName);
    if (warm.length > 0) {
      // The unqualified functions only (no `:*` for versions or aliases: the warmer invokes $LATEST).
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: warm.map((target) => target.fn.functionArn) }),
      );
    }
  }

  // Another service's invocable functions (contracts INVOCABLES): the physical name of each, and
  // invoke on exactly those (unqualified: $LATEST); never a grant on the owner's data.
  for (const id of uses.invokes ?? []) {
    const target = functions[id];
    if (!target) throw new Error(`${definition.id}: invokes unknown function ${id}`);
    env(functionNameEnvVar(id), target.fn.functionName);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.fn.functionArn] }));
  }

  // Pagination cursors are an HTTP concern: every route function may sign and verify them.
  if (definition.triggers.some((trigger) => trigger.kind === 'route')) {
    env(ENV.cursorSecretArn, data.cursorSecret.secretArn);
    data.cursorSecret.grantRead(fn);
  }

  // Deployment settings, on exactly the functions whose code reads them (an infra test checks the
  // bundles): the HTTP wrappers' CORS header, and the incidents matching config's escalation address.
  for (const [name, value] of Object.entries(runtimeEnv(definition, runtime))) env(name, value);
}

/**
 * The env vars from the deployment's settings a function gets: CORS_ALLOWED_ORIGIN for route
 * functions (packages/utils http wrappers answer with it), INCIDENT_ESCALATION_EMAIL for the
 * incidents service (its matching config reads it with the other matching settings).
 */
export function runtimeEnv(definition: FunctionDefinition, runtime: RuntimeSettings): Record<string, string> {
  const vars: Record<string, string> = {};
  if (definition.triggers.some((trigger) => trigger.kind === 'route')) vars[ENV.corsOrigin] = runtime.corsAllowedOrigin;
  if (definition.service === 'incidents') vars[ENV.incidentEscalationEmail] = runtime.escalationEmail;
  return vars;
}

const DYNAMO_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem'];
const DYNAMO_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const DAX_READ = ['dax:GetItem', 'dax:BatchGetItem', 'dax:Query', 'dax:Scan'];
const DAX_WRITE = ['dax:PutItem', 'dax:UpdateItem', 'dax:DeleteItem', 'dax:BatchWriteItem', 'dax:ConditionCheckItem'];

function grantDax(fn: nodejs.NodejsFunction, clusterArn: string, access: 'read' | 'write' | 'readwrite'): void {
  const actions = access === 'read' ? DAX_READ : access === 'write' ? DAX_WRITE : [...DAX_READ, ...DAX_WRITE];
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [clusterArn] }));
}
