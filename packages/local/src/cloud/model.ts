import { createHash } from 'node:crypto';
import type { AssemblyStack, CfnResource, CloudAssembly } from './assembly';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION, LOCAL_URL_SUFFIX } from './constants';
import { IntrinsicError, NotEmulatedError } from './errors';
import { type IntrinsicContext, resolveIntrinsics } from './intrinsics';

/** Where the local engines answer: filled in once they run (before any function env is resolved). */
export interface LocalEndpoints {
  readonly redis: { readonly host: string; readonly port: number };
  readonly postgres: { readonly host: string; readonly port: number };
  /** Base URL of the SQS engine: a queue's URL is `<sqs>/<account>/<name>`. */
  readonly sqs: string;
}

/** Resource types with no local engine: their endpoints resolve to nothing (see NotEmulatedError). */
const NOT_EMULATED = new Set([
  'AWS::DAX::Cluster',
  'AWS::AppSync::GraphQLApi',
  'AWS::CloudFront::Distribution',
  'AWS::ElastiCache::ServerlessCache',
]);

/** Name properties per type: a template that names a resource keeps that name locally. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Events::Rule': 'Name',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::ApiGateway::RestApi': 'Name',
};

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('base64url').replace(/[-_]/g, 'x').slice(0, length);
}

/** A located resource of the assembly. */
export interface ModelResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

/**
 * The assembly's resources as they exist locally: physical names (`<StackName>-<LogicalId>`
 * unless the template names them), ARNs in the local account, and the attributes the templates
 * read (`Ref`, `Fn::GetAtt`, exports), pointing at the local engines.
 *
 * @example
 * const model = new AssemblyModel(readAssembly('infrastructure/cdk.out', 'dev'));
 * model.resolve('Roadcall-dev-Api', { 'Fn::ImportValue': 'Roadcall-dev-Data:ExportsOutputRefTablejobs...' }); // 'Roadcall-dev-Data-TablejobsEE566F5C'
 */
export class AssemblyModel {
  readonly region = LOCAL_REGION;
  readonly account = LOCAL_ACCOUNT;
  readonly #stacks = new Map<string, AssemblyStack>();
  #exports: Map<string, { stack: string; value: unknown }> | undefined;
  #endpoints: LocalEndpoints | undefined;
  readonly #secretValues = new Map<string, string>();
  readonly #queueUrls = new Map<string, string>();

  constructor(readonly assembly: CloudAssembly) {
    for (const stack of assembly.stacks) this.#stacks.set(stack.name, stack);
  }

  get stackNames(): string[] {
    return [...this.#stacks.keys()];
  }

  setEndpoints(endpoints: LocalEndpoints): void {
    this.#endpoints = endpoints;
  }

  /** The URL the SQS engine gave a queue when it was created (what `Ref` of the queue is). */
  setQueueUrl(name: string, url: string): void {
    this.#queueUrls.set(name, url);
  }

  /** The secrets' values by ARN (dynamic references `{{resolve:secretsmanager:...}}` read them). */
  setSecretValue(arn: string, value: string): void {
    this.#secretValues.set(arn, value);
  }

  /** Every resource of a type, across the stage's stacks. */
  resourcesOfType(type: string): ModelResource[] {
    const found: ModelResource[] = [];
    for (const [stack, { template }] of this.#stacks) {
      for (const [logicalId, resource] of Object.entries(template.Resources)) {
        if (resource.Type === type) found.push({ stack, logicalId, resource });
      }
    }
    return found;
  }

  resource(stack: string, logicalId: string): CfnResource {
    const resource = this.#stacks.get(stack)?.template.Resources[logicalId];
    if (!resource) throw new IntrinsicError(`No resource ${logicalId} in stack ${stack}`);
    return resource;
  }

  /** Resolves a template value in the context of a stack. */
  resolve(stack: string, value: unknown): unknown {
    return resolveIntrinsics(value, this.context(stack));
  }

  /** The physical name of a resource locally. */
  physicalName(stack: string, logicalId: string): string {
    const resource = this.resource(stack, logicalId);
    const property = NAME_PROPERTY[resource.Type];
    const given = property ? resource.Properties?.[property] : undefined;
    if (given !== undefined) return String(this.resolve(stack, given));
    const base = `${stack}-${logicalId}`;
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return base.toLowerCase().slice(0, 63);
      case 'AWS::SQS::Queue':
        return resource.Properties?.FifoQueue ? `${base.slice(0, 75)}.fifo` : base.slice(0, 80);
      case 'AWS::Lambda::Function':
      case 'AWS::IAM::Role':
        return base.length <= 64 ? base : `${base.slice(0, 55)}-${shortHash(base, 8)}`;
      default:
        return base;
    }
  }

  arn(stack: string, logicalId: string): string {
    const { region, account } = this;
    const resource = this.resource(stack, logicalId);
    const name = this.physicalName(stack, logicalId);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${region}:${account}:${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${account}:function:${name}`;
      case 'AWS::SecretsManager::Secret':
        // Secrets Manager appends six random characters to every secret ARN.
        return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${shortHash(`${stack}/${logicalId}`, 6)}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${name}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:aws:iam::${account}:policy/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::Cognito::UserPool':
        return `arn:aws:cognito-idp:${region}:${account}:userpool/${this.ref(stack, logicalId)}`;
      case 'AWS::Events::Rule':
        return `arn:aws:events:${region}:${account}:rule/${name}`;
      case 'AWS::SES::EmailIdentity':
        return `arn:aws:ses:${region}:${account}:identity/${this.ref(stack, logicalId)}`;
      case 'AWS::SES::ConfigurationSet':
        return `arn:aws:ses:${region}:${account}:configuration-set/${name}`;
      default: {
        const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown';
        return `arn:aws:${service}:${region}:${account}:${resource.Type.split('::')[2]?.toLowerCase()}/${name}`;
      }
    }
  }

  /** `Ref` of a resource, parameter or pseudo parameter in a stack. */
  ref(stack: string, name: string): string {
    switch (name) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::Partition':
        return LOCAL_PARTITION;
      case 'AWS::URLSuffix':
        return LOCAL_URL_SUFFIX;
      case 'AWS::StackName':
        return stack;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.region}:${this.account}:stack/${stack}/${shortHash(stack, 12)}`;
      default:
        break;
    }
    const template = this.#stacks.get(stack)?.template;
    const parameter = template?.Parameters?.[name];
    if (parameter) return String(parameter.Default ?? '');
    const resource = this.resource(stack, name);
    const properties = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::SQS::Queue': {
        const queueName = this.physicalName(stack, name);
        return this.#queueUrls.get(queueName) ?? `${this.#requireEndpoints().sqs}/${this.account}/${queueName}`;
      }
      case 'AWS::SecretsManager::Secret':
      case 'AWS::IAM::ManagedPolicy':
        return this.arn(stack, name);
      case 'AWS::SecretsManager::SecretTargetAttachment':
        return String(this.resolve(stack, properties.SecretId));
      case 'AWS::Lambda::Version':
        return `${String(this.resolve(stack, { 'Fn::GetAtt': [this.#functionOf(properties.FunctionName), 'Arn'] }))}:1`;
      case 'AWS::SES::EmailIdentity':
        return String(this.resolve(stack, properties.EmailIdentity));
      case 'AWS::Cognito::UserPool':
        return `${this.region}_${shortHash(`${stack}/${name}`, 9)}`;
      case 'AWS::ApiGateway::Stage':
        return String(this.resolve(stack, properties.StageName));
      case 'AWS::Lambda::LayerVersion':
        return `arn:aws:lambda:${this.region}:${this.account}:layer:${String(this.resolve(stack, properties.LayerName ?? `${stack}-${name}`))}:1`;
      default:
        return this.physicalName(stack, name);
    }
  }

  /** `Fn::GetAtt` of a resource in a stack. */
  getAtt(stack: string, logicalId: string, attribute: string): unknown {
    const resource = this.resource(stack, logicalId);
    const endpoints = (): LocalEndpoints => this.#requireEndpoints();
    if (attribute === 'Arn') return this.arn(stack, logicalId);
    if (NOT_EMULATED.has(resource.Type)) {
      throw new NotEmulatedError(resource.Type, `${resource.Type} ${logicalId}.${attribute} has no local engine`);
    }
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::SQS::Queue.QueueName':
        return this.physicalName(stack, logicalId);
      case 'AWS::SQS::Queue.QueueUrl':
        return this.ref(stack, logicalId);
      case 'AWS::DynamoDB::Table.StreamArn':
        return `${this.arn(stack, logicalId)}/stream/local`;
      case 'AWS::S3::Bucket.DomainName':
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${this.physicalName(stack, logicalId)}.s3.${this.region}.${LOCAL_URL_SUFFIX}`;
      case 'AWS::ElastiCache::ReplicationGroup.PrimaryEndPoint.Address':
      case 'AWS::ElastiCache::ReplicationGroup.ReaderEndPoint.Address':
      case 'AWS::ElastiCache::ReplicationGroup.ConfigurationEndPoint.Address':
        return endpoints().redis.host;
      case 'AWS::ElastiCache::ReplicationGroup.PrimaryEndPoint.Port':
      case 'AWS::ElastiCache::ReplicationGroup.ReaderEndPoint.Port':
      case 'AWS::ElastiCache::ReplicationGroup.ConfigurationEndPoint.Port':
        return String(endpoints().redis.port);
      case 'AWS::RDS::DBProxy.Endpoint':
      case 'AWS::RDS::DBProxyEndpoint.Endpoint':
      case 'AWS::RDS::DBCluster.Endpoint.Address':
      case 'AWS::RDS::DBCluster.ReadEndpoint.Address':
      case 'AWS::RDS::DBInstance.Endpoint.Address':
        return endpoints().postgres.host;
      case 'AWS::RDS::DBCluster.Endpoint.Port':
      case 'AWS::RDS::DBInstance.Endpoint.Port':
        return String(endpoints().postgres.port);
      case 'AWS::ApiGateway::RestApi.RootResourceId':
        return `${logicalId}-root`;
      case 'AWS::Lambda::Version.Version':
        return '1';
      default:
        // Network ids, KMS key ids and the like: opaque, stable strings are all a function could use.
        return `${this.physicalName(stack, logicalId)}-${attribute}`;
    }
  }

  /** `Fn::ImportValue`: the output exported under that name by a stack of the stage. */
  importValue(name: string): unknown {
    if (!this.#exports) {
      this.#exports = new Map();
      for (const [stack, { template }] of this.#stacks) {
        for (const output of Object.values(template.Outputs ?? {})) {
          if (output.Export) this.#exports.set(String(this.resolve(stack, output.Export.Name)), { stack, value: output.Value });
        }
      }
    }
    const found = this.#exports.get(name);
    if (!found) throw new IntrinsicError(`No stack of stage ${this.assembly.stage} exports "${name}"`);
    return this.resolve(found.stack, found.value);
  }

  /** The intrinsic context of one stack. */
  context(stack: string): IntrinsicContext {
    const template = this.#stacks.get(stack)?.template;
    return {
      ref: (name) => this.ref(stack, name),
      getAtt: (logicalId, attribute) => this.getAtt(stack, logicalId, attribute),
      importValue: (name) => this.importValue(name),
      dynamicReference: (service, reference) => this.#dynamicReference(service, reference),
      condition: (name) => {
        const definition = template?.Conditions?.[name];
        if (definition === undefined) throw new IntrinsicError(`No condition ${name} in stack ${stack}`);
        return resolveIntrinsics(definition, this.context(stack)) === true;
      },
      findInMap: (map, top, second) => {
        const value = template?.Mappings?.[map]?.[top]?.[second];
        if (value === undefined) throw new IntrinsicError(`No mapping ${map}.${top}.${second} in stack ${stack}`);
        return value;
      },
    };
  }

  #functionOf(value: unknown): string {
    const ref = (value as { Ref?: string } | undefined)?.Ref;
    if (!ref) throw new IntrinsicError('AWS::Lambda::Version.FunctionName must be a Ref to the function');
    return ref;
  }

  /** `{{resolve:secretsmanager:<arn or name>:SecretString:<json key>:<stage>:<version>}}`. */
  #dynamicReference(service: string, reference: string): string {
    if (service !== 'secretsmanager') throw new IntrinsicError(`Dynamic references to ${service} are not supported locally`);
    const match = /^(arn:aws:secretsmanager:[^:]+:[^:]+:secret:[^:]+|[^:]+)(?::SecretString)?(?::([^:]*))?/.exec(reference);
    const id = match?.[1] ?? reference;
    const key = match?.[2];
    const arn = [...this.#secretValues.keys()].find((candidate) => candidate === id || candidate.includes(`:secret:${id}-`));
    const value = arn === undefined ? undefined : this.#secretValues.get(arn);
    if (value === undefined) throw new IntrinsicError(`The secret ${id} has no local value`);
    if (!key) return value;
    const field = (JSON.parse(value) as Record<string, unknown>)[key];
    if (field === undefined) throw new IntrinsicError(`The secret ${id} has no field ${key}`);
    return String(field);
  }

  #requireEndpoints(): LocalEndpoints {
    if (!this.#endpoints) throw new IntrinsicError('The local engines are not running yet');
    return this.#endpoints;
  }
}
