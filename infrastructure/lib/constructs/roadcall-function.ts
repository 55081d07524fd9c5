import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV, type FunctionDefinition, usesDaxTable } from '@roadcall/contracts';
import { Duration, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS } from '../config/constants';
import type { StageConfig } from '../config/stages';
import { daxLayerCode, functionCode } from './function-bundles';

/** The repository root: entries in the contracts are relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface RoadcallFunctionProps {
  readonly config: StageConfig;
  readonly definition: FunctionDefinition;
  /** Set when the function reaches Redis, Aurora or DAX. */
  readonly vpc?: { readonly vpc: ec2.IVpc; readonly securityGroup: ec2.ISecurityGroup };
  /**
   * When the handler file does not exist yet (a contract entry ahead of its code), deploy a
   * function that fails every invocation naming the missing file, instead of failing the synth.
   * Only tests and `--context allowMissingHandlers=true` set this; a real synth fails instead.
   */
  readonly allowMissingHandler?: boolean;
}

/**
 * One contract function: NodejsFunction on Node.js 22 / arm64, its bundle from the one shared
 * esbuild pass of `./function-bundles` (minified, tree-shaken, source maps), X-Ray tracing, its own log group with the stage's
 * retention. Env vars and grants are added by the stack from the function's `uses`.
 */
export class RoadcallFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly definition: FunctionDefinition;

  constructor(scope: Construct, id: string, props: RoadcallFunctionProps) {
    super(scope, id);
    const { config, definition } = props;
    this.definition = definition;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.logs.retentionDays as logs.RetentionDays,
      removalPolicy: config.removalPolicy,
    });
    const entry = path.join(REPO_ROOT, definition.entry);
    const missing = !fs.existsSync(entry);
    if (missing && !props.allowMissingHandler) {
      throw new Error(`${definition.id}: handler file ${definition.entry} does not exist (the contracts name it)`);
    }
    this.fn = new nodejs.NodejsFunction(this, 'Fn', {
      // The bundle comes from the one shared esbuild pass (./function-bundles), not a per-function
      // esbuild process: the contracts' BUNDLING settings, `index.js` + source map.
      code: missing
        ? lambda.Code.fromInline(`exports.handler = async () => { throw new Error('Not deployed: ${definition.entry} is missing'); };`)
        : functionCode(REPO_ROOT, definition),
      handler: 'index.handler',
      // The DAX client (external to every bundle) comes from one layer, for DAX readers only.
      layers: usesDaxTable(definition) ? [daxLayer(this)] : undefined,
      description: `Roadcall ${definition.id} (${definition.triggers.map((t) => t.kind).join(', ')})`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: definition.memoryMb ?? config.lambda.defaultMemoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds ?? config.lambda.defaultTimeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc?.vpc,
      vpcSubnets: props.vpc ? { subnetGroupName: 'app' } : undefined,
      securityGroups: props.vpc ? [props.vpc.securityGroup] : undefined,
      environment: {
        [ENV.stage]: config.name,
        [ENV.serviceName]: definition.service,
        [ENV.metricsNamespace]: METRICS.namespace,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
  }
}

/**
 * The stack's one DAX client layer (created with its first DAX function): lib-dax as a single
 * bundle under `nodejs/node_modules`, built offline at synth from the installed package.
 */
function daxLayer(scope: Construct): lambda.ILayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('DaxClientLayer') as lambda.ILayerVersion | undefined;
  if (existing) return existing;
  return new lambda.LayerVersion(stack, 'DaxClientLayer', {
    description: 'Roadcall: the DAX client (@amazon-dax-sdk/lib-dax) for the functions that read through DAX',
    code: daxLayerCode(REPO_ROOT),
    compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
    compatibleArchitectures: [lambda.Architecture.ARM_64],
  });
}
