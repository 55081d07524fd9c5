import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { freePort } from '../engines/ports';
import { type EnginesProcess, spawnEngines } from '../enginesProcess';
import { repoRoot } from '../handlers';
import { QueuePoller } from '../queues';
import { Scheduler } from '../scheduler';
import { type RunningCloudApi, startCloudApiServer } from './apiServer';
import { apisFromTemplates } from './apiTemplate';
import { readAssembly } from './assembly';
import { compileWorkerBootstrap } from './bootstrap';
import { runBucketDeployments } from './bucketDeployments';
import { DEFAULT_WORKERS_PER_FUNCTION } from './constants';
import { distributionOf, type RunningEdge, startEdge } from './edge';
import { eventSourceBindings, type RuleSchedule, ruleSchedules, runTriggers, type Unwired } from './events';
import { buildFunctions } from './functions';
import { startIamGate, startSecretsManager } from './iam';
import { startInvokeServer } from './invokeServer';
import { AssemblyModel } from './model';
import { FunctionPool, type InvocationReport } from './pool';
import { provisionTemplates } from './provision';
import { FunctionRegistry } from './registry';
import { redisAuthToken, templateSecrets } from './secrets';
import { createLocalCertificates, startPostgresTlsFront, startRedisTlsFront } from './tls';

export interface CloudRuntimeOptions {
  /** The cloud assembly folder (`cdk synth` output). */
  readonly assemblyDir: string;
  readonly stage: string;
  /** HS256 key of the local tokens the Cognito authorizer stand-in verifies. */
  readonly jwtSecret: string;
  /** API port (0: any free port). */
  readonly port?: number;
  readonly host?: string;
  /** Use this Redis / PostgreSQL instead of spawning them (as `pnpm dev`). */
  readonly redisUrl?: string;
  readonly databaseUrl?: string;
  readonly maxWorkersPerFunction?: number;
  /** Progress and warnings. */
  readonly log?: (line: string) => void;
  /** Each finished invocation (cold starts carry initDurationMs). */
  readonly onReport?: (report: InvocationReport) => void;
  /** Each line a worker writes (the functions' logs). */
  readonly onFunctionLog?: (functionName: string, line: string) => void;
  readonly onRequest?: Parameters<typeof startCloudApiServer>[0]['onRequest'];
  /** Fire the schedules (default true; tests fire them by hand). */
  readonly schedules?: boolean;
}

export interface CloudRuntime {
  /** The API stage itself (the `execute-api` endpoint): its web ACL may refuse direct callers. */
  readonly api: RunningCloudApi;
  /** The CloudFront distribution's stand-in, when the assembly puts one in front of the API. */
  readonly edge?: RunningEdge;
  /** Where clients call: the edge when there is one, else the API stage. */
  readonly url: string;
  readonly registry: FunctionRegistry;
  readonly engines: EnginesProcess;
  readonly model: AssemblyModel;
  readonly scheduler: Scheduler<RuleSchedule>;
  readonly gateUrl: string;
  readonly invokeUrl: string;
  readonly unwired: ReadonlyArray<Unwired>;
  stop(): Promise<void>;
}

/** Folders the functions resolve `@aws-sdk/*` from: pnpm's hoisted store of the repository. */
function sdkPaths(): string[] {
  return [join(repoRoot(), 'node_modules', '.pnpm', 'node_modules')];
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/**
 * Runs what `cdk deploy` would upload, from the cloud assembly: the engines (a child process,
 * without the contracts' resources), the templates' tables, queues, buckets and secrets, TLS fronts
 * for Redis and the RDS Proxy, the IAM gate with each function's credentials, every function in
 * worker pools, CDK triggers once, event source mappings, scheduled rules, the Lambda Invoke API,
 * the REST API of the stage (with its web ACL) and the CloudFront routing in front of it.
 *
 * @example
 * const runtime = await startCloudRuntime({ assemblyDir: 'infrastructure/cdk.out', stage: 'dev', jwtSecret, port: 3000 });
 * await fetch(`${runtime.url}/health`);
 * await runtime.stop();
 */
export async function startCloudRuntime(options: CloudRuntimeOptions): Promise<CloudRuntime> {
  const log = options.log ?? (() => undefined);
  const assembly = readAssembly(options.assemblyDir, options.stage);
  const model = new AssemblyModel(assembly);
  log(`cloud: ${assembly.stacks.length} stacks of stage ${options.stage}: ${model.stackNames.join(', ')}`);
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  };
  try {
    // Secrets first: Redis must require the template's AUTH token from its first command.
    const firstSecrets = templateSecrets(model);
    const hasTriggers = model.resourcesOfType('Custom::Trigger').length > 0;
    const engines = await spawnEngines({
      stage: options.stage,
      skipContracts: true,
      redisPassword: options.redisUrl ? undefined : redisAuthToken(model),
      // The template's trigger migrates, as a deploy does; an assembly without one gets the repository's migrations.
      migrate: !hasTriggers,
      redisUrl: options.redisUrl,
      databaseUrl: options.databaseUrl,
    });
    stops.push(() => engines.stop());

    const certificates = await createLocalCertificates();
    stops.push(() => certificates.remove());
    const redisFront = await startRedisTlsFront(certificates, portOf(engines.endpoints.redis as string));
    stops.push(() => redisFront.close());
    const postgresFront = await startPostgresTlsFront(certificates, portOf(engines.endpoints.postgres as string));
    stops.push(() => postgresFront.close());
    model.setEndpoints({ redis: redisFront, postgres: postgresFront, sqs: engines.endpoints.sqs as string });
    const secrets = templateSecrets(
      model,
      { url: engines.endpoints.postgres as string, host: postgresFront.host, port: postgresFront.port },
      firstSecrets,
    );

    const provisioned = await provisionTemplates(model, {
      dynamodb: engines.endpoints.dynamodb as string,
      sqs: engines.endpoints.sqs as string,
      s3: engines.endpoints.sqs as string,
    });
    log(
      `cloud: provisioned ${provisioned.tables.length} tables, ${provisioned.queues.length} queues, ${provisioned.buckets.length} buckets, ${secrets.length} secrets`,
    );

    const deployed = await runBucketDeployments(model, { endpoint: engines.endpoints.sqs as string });
    if (deployed > 0) log(`cloud: bucket deployments put ${deployed} objects into their buckets`);

    const secretsManager = await startSecretsManager({ secrets: secrets.map(({ arn, name, value }) => ({ arn, name, value })) });
    stops.push(() => secretsManager.close());

    const gatePort = await freePort();
    const gateUrl = `http://127.0.0.1:${gatePort}`;
    const bootstrap = compileWorkerBootstrap();
    stops.push(() => bootstrap.remove());
    const built = buildFunctions(model, { gateUrl, sdkPaths: sdkPaths(), caFile: certificates.caFile });
    for (const fn of built) {
      for (const dropped of fn.droppedEnv) log(`cloud: ${fn.definition.logicalId}: ${dropped.name} left out (${dropped.reason})`);
    }
    const pools = built.map(
      (fn) =>
        new FunctionPool(fn.definition, {
          bootstrap: bootstrap.file,
          maxWorkers: options.maxWorkersPerFunction ?? DEFAULT_WORKERS_PER_FUNCTION,
          onReport: options.onReport,
          onLog: options.onFunctionLog,
        }),
    );
    stops.push(() => Promise.all(pools.map((pool) => pool.stop())).then(() => undefined));
    const registry = new FunctionRegistry(pools);
    const invoke = await startInvokeServer(registry, (name, error) => log(`cloud: async invoke of ${name} failed: ${String(error)}`));
    stops.push(() => invoke.close());

    const gateServer = await startIamGate({
      principals: built.map((fn) => fn.principal),
      region: model.region,
      accountId: model.account,
      port: gatePort,
      secrets: secrets.map(({ arn, name }) => ({ arn, name })),
      sesIdentities: model.resourcesOfType('AWS::SES::EmailIdentity').map(({ stack, logicalId }) => model.ref(stack, logicalId)),
      upstreams: {
        dynamodb: engines.endpoints.dynamodb,
        sqs: engines.endpoints.sqs,
        s3: engines.endpoints.sqs,
        ses: engines.endpoints.ses,
        secretsmanager: secretsManager.url,
        lambda: invoke.url,
      },
      onDecision: (decision) => {
        if (!decision.allowed) log(`iam: DENY ${decision.principal} ${decision.action} ${decision.resources.join(' ')}`);
      },
    });
    stops.push(() => gateServer.close());
    log(`cloud: ${pools.length} functions; IAM gate evaluates each role at ${gateServer.url}`);

    const triggers = await runTriggers(model, registry, log);
    if (!hasTriggers) log('cloud: no Custom::Trigger in the assembly: applied the repository migrations instead');
    else log(`cloud: ${triggers} trigger(s) ran`);

    const unwired: Unwired[] = [];
    const sqs = new SQSClient({
      region: model.region,
      endpoint: engines.endpoints.sqs,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    const poller = new QueuePoller({
      sqs,
      bindings: eventSourceBindings(model, registry, provisioned, unwired),
      onBatch: ({ functionName, received, failed, error }) => {
        if (received > 0 || error) log(`sqs ${functionName}: ${received} received, ${failed} failed${error ? ` (${String(error)})` : ''}`);
      },
    });
    poller.start();
    stops.push(async () => {
      await poller.stop();
      sqs.destroy();
    });
    const scheduler = new Scheduler<RuleSchedule>({
      schedules: ruleSchedules(model, registry, unwired),
      resolve: (schedule) => (event) => registry.find(schedule.functionName)?.invoke(event) as Promise<unknown>,
      onFire: ({ id, ms, error }) => log(`schedule ${id} fired (${ms.toFixed(0)} ms)${error ? `: ${String(error)}` : ''}`),
    });
    if (options.schedules !== false) scheduler.start();
    stops.push(() => scheduler.stop());

    const apis = apisFromTemplates(model);
    const [served, ...others] = apis;
    if (!served) throw new Error('The assembly has no AWS::ApiGateway::RestApi to serve');
    for (const other of others) unwired.push({ what: `REST API ${other.name}`, why: 'only the first REST API is served' });
    // With a CloudFront distribution in front of the API (as every Roadcall stage has), clients
    // call the distribution: the edge takes the requested port and the API stage a free one.
    const distribution = distributionOf(model, served);
    const api = await startCloudApiServer({
      api: served,
      registry,
      jwtSecret: options.jwtSecret,
      port: distribution ? 0 : options.port,
      host: options.host,
      onRequest: options.onRequest,
    });
    stops.push(() => api.close());
    if (served.webAcl) log(`cloud: the stage's web ACL ${served.webAcl.name} is evaluated before every request`);
    let edge: RunningEdge | undefined;
    if (distribution) {
      edge = await startEdge({
        distribution,
        apiUrl: api.url,
        s3Endpoint: engines.endpoints.sqs as string,
        region: model.region,
        port: options.port,
        host: options.host,
      });
      stops.push(() => edge?.close());
      log(
        `cloud: CloudFront ${distribution.logicalId} (routing and origin headers) at ${edge.url}, in front of the API stage at ${api.url}`,
      );
    }
    for (const entry of unwired) log(`cloud: not wired: ${entry.what}: ${entry.why}`);

    return {
      api,
      edge,
      url: edge?.url ?? api.url,
      registry,
      engines,
      model,
      scheduler,
      gateUrl: gateServer.url,
      invokeUrl: invoke.url,
      unwired,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
