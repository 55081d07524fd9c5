import type { PolicyStatement } from '../../src/cloud/iam';

/**
 * Just enough of CloudFormation's intrinsics to turn a synthesized assembly's role policies and
 * environment into the strings the gate compares (the runtime has its own, complete resolver):
 * Ref, Fn::GetAtt (Arn), Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub.
 * Physical names are `<prefix><StackName>-<LogicalId>` unless the template sets one.
 */
export interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface Assembly {
  /** Templates by stack name. */
  stacks: Record<string, TemplateJson>;
  region: string;
  accountId: string;
  /** Prepended to every physical name, so a test's resources never meet another run's. */
  prefix: string;
}

const NAME_PROPERTIES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SecretsManager::Secret': 'Name',
};

export function physicalName(assembly: Assembly, stack: string, logicalId: string): string {
  const resource = assembly.stacks[stack]?.Resources[logicalId];
  const property = resource ? NAME_PROPERTIES[resource.Type] : undefined;
  const given = property ? resource?.Properties?.[property] : undefined;
  return typeof given === 'string' ? given : `${assembly.prefix}${stack}-${logicalId}`;
}

function arnOf(assembly: Assembly, stack: string, logicalId: string): string {
  const { region, accountId } = assembly;
  const type = assembly.stacks[stack]?.Resources[logicalId]?.Type;
  const name = physicalName(assembly, stack, logicalId);
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${region}:${accountId}:${name}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${name}`;
    case 'AWS::SecretsManager::Secret':
      return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-AbCdEf`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${accountId}:role/${name}`;
    default:
      return `arn:aws:${(type ?? 'unknown::x').split('::')[1]?.toLowerCase()}:${region}:${accountId}:${name}`;
  }
}

function ref(assembly: Assembly, stack: string, name: string): string {
  switch (name) {
    case 'AWS::Region':
      return assembly.region;
    case 'AWS::AccountId':
      return assembly.accountId;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return stack;
  }
  const resource = assembly.stacks[stack]?.Resources[name];
  if (!resource) throw new Error(`Ref to unknown ${name} in ${stack}`);
  if (resource.Type === 'AWS::SecretsManager::Secret') return arnOf(assembly, stack, name);
  if (resource.Type === 'AWS::SES::EmailIdentity') return String(resource.Properties?.EmailIdentity);
  return physicalName(assembly, stack, name);
}

/** Resolves every intrinsic in `value`, as evaluated in `stack`. */
export function resolve(assembly: Assembly, stack: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(assembly, stack, item));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [[key, arg]] = entries as [[string, unknown]];
    const str = (item: unknown) => String(resolve(assembly, stack, item));
    switch (key) {
      case 'Ref':
        return ref(assembly, stack, String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = (Array.isArray(arg) ? arg : String(arg).split('.')) as [string, string];
        if (attribute !== 'Arn') return `${physicalName(assembly, stack, logicalId)}.${attribute}`;
        return arnOf(assembly, stack, logicalId);
      }
      case 'Fn::ImportValue': {
        const exportName = str(arg);
        for (const [name, template] of Object.entries(assembly.stacks)) {
          for (const output of Object.values(template.Outputs ?? {})) {
            if (output.Export && resolve(assembly, name, output.Export.Name) === exportName) return resolve(assembly, name, output.Value);
          }
        }
        throw new Error(`No stack exports ${exportName}`);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map(str).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (resolve(assembly, stack, list) as unknown[])[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return str(source).split(separator);
      }
      case 'Fn::Sub': {
        const [template, variables = {}] = (Array.isArray(arg) ? arg : [arg]) as [string, Record<string, unknown>?];
        return template.replace(/\$\{([^}]+)\}/g, (_match, name: string) =>
          name in variables
            ? str(variables[name])
            : name.endsWith('.Arn')
              ? arnOf(assembly, stack, name.slice(0, -4))
              : ref(assembly, stack, name),
        );
      }
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(assembly, stack, item)]));
}

/** A function of the assembly: its logical id, stack, resolved environment and role statements. */
export interface TemplateFunction {
  stack: string;
  logicalId: string;
  environment: Record<string, string>;
  statements: PolicyStatement[];
}

/**
 * Finds the function whose logical id starts with `prefix` and gathers the statements of every
 * AWS::IAM::Policy attached to its role (CDK's DefaultPolicy and any other), intrinsics resolved.
 */
export function templateFunction(assembly: Assembly, prefix: string): TemplateFunction {
  for (const [stack, template] of Object.entries(assembly.stacks)) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function' || !logicalId.startsWith(prefix)) continue;
      const role = resource.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
      const roleId = role?.['Fn::GetAtt']?.[0];
      const statements: PolicyStatement[] = [];
      for (const policy of Object.values(template.Resources)) {
        if (policy.Type !== 'AWS::IAM::Policy') continue;
        const roles = (policy.Properties?.Roles as Array<{ Ref?: string }>) ?? [];
        if (!roles.some((role) => role.Ref === roleId)) continue;
        const document = resolve(assembly, stack, policy.Properties?.PolicyDocument) as { Statement: PolicyStatement[] };
        statements.push(...document.Statement);
      }
      const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      const environment = resolve(assembly, stack, variables) as Record<string, string>;
      return { stack, logicalId, environment, statements };
    }
  }
  throw new Error(`No function ${prefix}* in the assembly`);
}
