import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { APP_TAG } from './config/constants';
import { type StageConfig, stageConfig } from './config/stages';
import { acknowledgeFindings } from './nag/acknowledgements';
import { ApiStack } from './stacks/api-stack';
import { CacheStack } from './stacks/cache-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack } from './stacks/edge-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { NetworkStack } from './stacks/network-stack';

/** The stacks of one stage, split by lifecycle (network, data, cache, api, edge, monitoring). */
export interface RoadcallStacks {
  readonly config: StageConfig;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cache: CacheStack;
  readonly api: ApiStack;
  readonly edge: EdgeStack;
  readonly monitoring: MonitoringStack;
}

export interface BuildOptions {
  /** `dev` unless given; also read from the `stage` context. */
  readonly stage?: string;
  /** Run cdk-nag AwsSolutions over the app (on by default: synth fails on an unacknowledged error). */
  readonly nag?: boolean;
  /** Build functions whose handler file is missing as failing placeholders (tests; context `allowMissingHandlers`). */
  readonly allowMissingHandlers?: boolean;
}

/**
 * Composes one stage of Roadcall into `app`. Stacks reference each other through props only;
 * they are environment-agnostic (no account lookups), so synth works offline.
 *
 * @example
 * const app = new App({ context: { stage: 'prod' } });
 * const stacks = buildRoadcall(app);
 * app.synth();
 */
export function buildRoadcall(app: App, options: BuildOptions = {}): RoadcallStacks {
  const config = stageConfig(options.stage ?? (app.node.tryGetContext('stage') as string | undefined), (key) =>
    app.node.tryGetContext(key),
  );
  const prefix = `Roadcall-${config.name}`;
  const domainName = app.node.tryGetContext('domainName') as string | undefined;
  const certificateArn = app.node.tryGetContext('certificateArn') as string | undefined;

  const network = new NetworkStack(app, `${prefix}-Network`, { config, description: 'Roadcall VPC and security groups' });
  const data = new DataStack(app, `${prefix}-Data`, {
    config,
    network,
    description: 'Roadcall tables, queues, buckets, Aurora, SES, Cognito',
  });
  const cache = new CacheStack(app, `${prefix}-Cache`, {
    config,
    network,
    tables: data.tables,
    description: 'Roadcall ElastiCache Redis and DAX',
  });
  const allowMissingHandlers = options.allowMissingHandlers ?? String(app.node.tryGetContext('allowMissingHandlers')) === 'true';
  const api = new ApiStack(app, `${prefix}-Api`, {
    config,
    network,
    data,
    cache,
    allowMissingHandlers,
    description: 'Roadcall functions, REST API, queues consumers, schedules, AppSync',
  });
  const edge = new EdgeStack(app, `${prefix}-Edge`, {
    config,
    restApi: api.restApi,
    logsBucket: data.logsBucket,
    streamRoutes: api.streamRoutes,
    domain: domainName && certificateArn ? { name: domainName, certificateArn } : undefined,
    description: 'Roadcall CloudFront distribution and static assets',
  });
  const monitoring = new MonitoringStack(app, `${prefix}-Monitoring`, {
    config,
    data,
    cache,
    api,
    description: 'Roadcall dashboard and alarms',
  });

  Tags.of(app).add('app', APP_TAG);
  Tags.of(app).add('stage', config.name);

  const stacks = { config, network, data, cache, api, edge, monitoring };
  acknowledgeFindings(stacks);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
