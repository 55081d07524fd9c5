import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDashboardSync } from '@roadcall/dashboard';
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { APP_TAG } from './config/constants';
import { readStageContext } from './config/context';
import type { StageConfig } from './config/stages';
import { acknowledgeFindings } from './nag/acknowledgements';
import { ApiStack } from './stacks/api-stack';
import { CacheStack } from './stacks/cache-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeStack } from './stacks/edge-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { NetworkStack } from './stacks/network-stack';
import { CLOUDFRONT_WAF_REGION, WafStack, webAclArnParameterName } from './stacks/waf-stack';

/** The stacks of one stage, split by lifecycle (network, data, cache, api, edge, monitoring). */
export interface RoadcallStacks {
  readonly config: StageConfig;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cache: CacheStack;
  readonly api: ApiStack;
  readonly edge: EdgeStack;
  /** The CloudFront web ACL, in us-east-1 (the only region CloudFront takes web ACLs from). */
  readonly waf: WafStack;
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
  // Stage plus context settings (alarmEmail, escalationEmail, corsAllowedOrigin, domain): lib/config/context.ts.
  const { config, escalationEmail, corsAllowedOrigin, domain } = readStageContext(app.node, options.stage);
  const prefix = `Roadcall-${config.name}`;

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
    runtime: { escalationEmail, corsAllowedOrigin },
    allowMissingHandlers,
    description: 'Roadcall functions, REST API, queues consumers, schedules, AppSync',
  });
  const waf = new WafStack(app, `${prefix}-Waf`, { config, description: 'Roadcall CloudFront web ACL (us-east-1)' });
  const edge = new EdgeStack(app, `${prefix}-Edge`, {
    config,
    restApi: api.restApi,
    logsBucket: data.logsBucket,
    streamRoutes: api.streamRoutes,
    apiOriginHeaders: api.originGuard.originHeaders(),
    domain,
    webAcl: { arnParameterName: webAclArnParameterName(config.name), region: CLOUDFRONT_WAF_REGION },
    site: staticSite(),
    description: 'Roadcall CloudFront distribution and static assets',
  });
  // Deploy order only (no CloudFormation reference crosses regions): the ACL's parameter first.
  edge.addStackDependency(waf, 'reads the web ACL ARN the WAF stack publishes in us-east-1');
  const monitoring = new MonitoringStack(app, `${prefix}-Monitoring`, {
    config,
    data,
    cache,
    api,
    description: 'Roadcall dashboard and alarms',
  });

  Tags.of(app).add('app', APP_TAG);
  Tags.of(app).add('stage', config.name);

  const stacks = { config, network, data, cache, api, edge, waf, monitoring };
  acknowledgeFindings(stacks);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}

/**
 * What the static origin serves: the dashboard, built now (esbuild, ~0.1 s) into a folder of this
 * process (synths in parallel processes must not share one; CDK copies it into the assembly during
 * the synth, so a later rebuild by the same process is harmless), and the OpenAPI document that
 * `pnpm run docs` writes.
 */
function staticSite(): { dashboardDir: string; openapiFile: string } {
  return {
    dashboardDir: buildDashboardSync(join(tmpdir(), `roadcall-dashboard-${process.pid}`)),
    openapiFile: join(__dirname, '..', '..', 'docs', 'openapi.json'),
  };
}
