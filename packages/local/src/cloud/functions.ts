import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ENV } from '@roadcall/contracts';
import { AssemblyError, NotEmulatedError } from './errors';
import type { GatePrincipal, PolicyStatement } from './iam';
import type { AssemblyModel, ModelResource } from './model';
import type { FunctionDefinition } from './pool';

/** Where the functions' SDK calls go and what they load besides their bundle. */
export interface FunctionEnvironment {
  /** The IAM gate: every AWS service endpoint of every function. */
  readonly gateUrl: string;
  /** Folders with `@aws-sdk/*` (the Lambda Node.js runtime ships SDK v3; bundles leave it external). */
  readonly sdkPaths: ReadonlyArray<string>;
  /** The local CA (NODE_EXTRA_CA_CERTS) the TLS fronts' certificate chains to. */
  readonly caFile: string;
}

/** A function ready for its pool, its gate principal, and the env vars it lost (no local engine). */
export interface BuiltFunction {
  readonly definition: FunctionDefinition;
  readonly principal: GatePrincipal;
  readonly droppedEnv: ReadonlyArray<{ name: string; reason: string }>;
}

/** The Lambda defaults CloudFormation applies when a template leaves them out. */
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_SECONDS = 3;

/** Every AWS service endpoint variable the SDK v3 reads (`AWS_ENDPOINT_URL_<SERVICE ID>`). */
const ENDPOINT_VARIABLES = ['DYNAMODB', 'SQS', 'S3', 'SES', 'SESV2', 'SECRETS_MANAGER', 'LAMBDA'];

function statementsOf(document: unknown): PolicyStatement[] {
  const statement = (document as { Statement?: unknown } | undefined)?.Statement;
  if (!statement) return [];
  return (Array.isArray(statement) ? statement : [statement]) as PolicyStatement[];
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The role's policies: inline `Policies`, AWS::IAM::Policy and customer-managed policies attached to it. */
function roleStatements(model: AssemblyModel, role: ModelResource): PolicyStatement[] {
  const roleName = model.physicalName(role.stack, role.logicalId);
  const roleArn = model.arn(role.stack, role.logicalId);
  const properties = (role.resource.Properties ?? {}) as Record<string, unknown>;
  const statements: PolicyStatement[] = [];
  for (const policy of asList(properties.Policies)) {
    statements.push(...statementsOf(model.resolve(role.stack, (policy as { PolicyDocument?: unknown }).PolicyDocument)));
  }
  const attachedArns = new Set(asList(model.resolve(role.stack, properties.ManagedPolicyArns)).map(String));
  const namesRole = (stack: string, roles: unknown): boolean =>
    asList(model.resolve(stack, roles)).some((name) => name === roleName || name === roleArn);
  for (const policy of model.resourcesOfType('AWS::IAM::Policy')) {
    if (namesRole(policy.stack, policy.resource.Properties?.Roles)) {
      statements.push(...statementsOf(model.resolve(policy.stack, policy.resource.Properties?.PolicyDocument)));
    }
  }
  for (const policy of model.resourcesOfType('AWS::IAM::ManagedPolicy')) {
    if (attachedArns.has(model.arn(policy.stack, policy.logicalId)) || namesRole(policy.stack, policy.resource.Properties?.Roles)) {
      statements.push(...statementsOf(model.resolve(policy.stack, policy.resource.Properties?.PolicyDocument)));
    }
  }
  return statements;
}

function findRole(model: AssemblyModel, stack: string, roleValue: unknown): ModelResource | undefined {
  const getAtt = (roleValue as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
  const roles = model.resourcesOfType('AWS::IAM::Role');
  if (getAtt) return roles.find((role) => role.stack === stack && role.logicalId === getAtt[0]);
  const arn = String(model.resolve(stack, roleValue));
  return roles.find((role) => model.arn(role.stack, role.logicalId) === arn);
}

/** The asset folder of a Lambda function or layer (`aws:asset:path` metadata), or its inline code in a temporary folder. */
function codeDirectory(model: AssemblyModel, located: ModelResource): string {
  const assetPath = located.resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') return isAbsolute(assetPath) ? assetPath : join(model.assembly.dir, assetPath);
  const inline = (located.resource.Properties?.Code as { ZipFile?: unknown } | undefined)?.ZipFile;
  if (inline !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'roadcall-inline-'));
    writeFileSync(join(dir, 'index.js'), String(model.resolve(located.stack, inline)));
    return dir;
  }
  throw new AssemblyError(`${located.stack}/${located.logicalId} has no local code (no aws:asset:path metadata, no inline ZipFile)`);
}

/** The layers' `nodejs/node_modules` folders, in order (Lambda extracts each to /opt). */
function layerPaths(model: AssemblyModel, located: ModelResource): string[] {
  const arns = asList(model.resolve(located.stack, located.resource.Properties?.Layers)).map(String);
  if (arns.length === 0) return [];
  const layers = model.resourcesOfType('AWS::Lambda::LayerVersion');
  return arns.map((arn) => {
    const layer = layers.find((candidate) => model.ref(candidate.stack, candidate.logicalId) === arn);
    if (!layer) throw new AssemblyError(`${located.logicalId}: layer ${arn} is not in the assembly`);
    return join(codeDirectory(model, layer), 'nodejs', 'node_modules');
  });
}

/** A stable access key id per function, so a restart keeps the same principal names in logs. */
function accessKeyId(name: string): string {
  return `AKIALOCAL${createHash('sha256').update(name).digest('hex').slice(0, 11).toUpperCase()}`;
}

/**
 * Every AWS::Lambda::Function of the stage as a worker definition: its asset directory, handler,
 * memory, timeout, layers and template Environment with every intrinsic resolved to the local
 * resources, plus what Lambda sets itself (reserved variables, the function's own credentials) and
 * the local plumbing (endpoints through the gate, SDK and layer paths, the local CA). An env var
 * that points at a service with no local engine (DAX) is left out and reported.
 */
export function buildFunctions(model: AssemblyModel, environment: FunctionEnvironment): BuiltFunction[] {
  return model.resourcesOfType('AWS::Lambda::Function').map((located) => {
    const { stack, logicalId } = located;
    const properties = (located.resource.Properties ?? {}) as Record<string, unknown>;
    const name = model.physicalName(stack, logicalId);
    const codeDir = codeDirectory(model, located);
    const memoryMb = Number(model.resolve(stack, properties.MemorySize ?? DEFAULT_MEMORY_MB));
    const timeoutSeconds = Number(model.resolve(stack, properties.Timeout ?? DEFAULT_TIMEOUT_SECONDS));
    const handler = String(model.resolve(stack, properties.Handler ?? 'index.handler'));
    const droppedEnv: Array<{ name: string; reason: string }> = [];
    const templateEnv: Record<string, string> = {};
    const variables = ((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<
      string,
      unknown
    >;
    for (const [variable, value] of Object.entries(variables)) {
      try {
        templateEnv[variable] = String(model.resolve(stack, value));
      } catch (error) {
        if (!(error instanceof NotEmulatedError)) throw error;
        droppedEnv.push({ name: variable, reason: error.message });
      }
    }
    // ElastiCache cluster mode: the runtime serves every replication group with one redis-server
    // behind its TLS front (no cluster bus, no CLUSTER SLOTS), so the functions keep a standalone
    // client. The cluster paths run on a real local cluster elsewhere (docs/cloud-local.md).
    if (templateEnv[ENV.redisCluster] === 'true') {
      delete templateEnv[ENV.redisCluster];
      droppedEnv.push({
        name: ENV.redisCluster,
        reason: 'ElastiCache cluster mode is served by one standalone redis-server (see docs/cloud-local.md)',
      });
    }
    const role = findRole(model, stack, properties.Role);
    const principal: GatePrincipal = {
      accessKeyId: accessKeyId(name),
      secretAccessKey: randomBytes(30).toString('base64url'),
      name: logicalId,
      statements: role ? roleStatements(model, role) : [],
    };
    const logging = properties.LoggingConfig as { LogFormat?: string; ApplicationLogLevel?: string } | undefined;
    const reserved = properties.ReservedConcurrentExecutions;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...templateEnv,
      AWS_REGION: model.region,
      AWS_DEFAULT_REGION: model.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${String(properties.Runtime ?? 'nodejs22.x')}`,
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      ...(logging?.LogFormat ? { AWS_LAMBDA_LOG_FORMAT: logging.LogFormat } : {}),
      ...(logging?.ApplicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: logging.ApplicationLogLevel } : {}),
      LAMBDA_TASK_ROOT: codeDir,
      _HANDLER: handler,
      AWS_ACCESS_KEY_ID: principal.accessKeyId,
      AWS_SECRET_ACCESS_KEY: principal.secretAccessKey,
      ...Object.fromEntries(ENDPOINT_VARIABLES.map((service) => [`AWS_ENDPOINT_URL_${service}`, environment.gateUrl])),
      NODE_PATH: [...layerPaths(model, located), ...environment.sdkPaths].join(':'),
      NODE_EXTRA_CA_CERTS: environment.caFile,
      // The SDK warns about Node 20 on every cold start; the local runtime runs on the repository's Node.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    return {
      definition: {
        name,
        logicalId,
        stack,
        codeDir,
        handler,
        memoryMb,
        timeoutSeconds,
        env,
        reservedConcurrency: reserved === undefined ? undefined : Number(model.resolve(stack, reserved)),
      },
      principal,
      droppedEnv,
    };
  });
}
