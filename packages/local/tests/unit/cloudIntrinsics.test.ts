// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings use ${...} literally.
import type { CloudAssembly } from '../../src/cloud/assembly';
import { NotEmulatedError } from '../../src/cloud/errors';
import { type IntrinsicContext, resolveIntrinsics } from '../../src/cloud/intrinsics';
import { AssemblyModel } from '../../src/cloud/model';
import { templateSecrets } from '../../src/cloud/secrets';

/** Two stacks: Data exports a table, a queue, a secret and a DAX endpoint; Api imports them. */
const assembly: CloudAssembly = {
  dir: '/tmp/none',
  stage: 'dev',
  stacks: [
    {
      name: 'App-dev-Data',
      template: {
        Resources: {
          Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
          Named: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'given-name' } },
          Dlq: { Type: 'AWS::SQS::Queue', Properties: {} },
          Queue: {
            Type: 'AWS::SQS::Queue',
            Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 3 } },
          },
          Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
          Secret: {
            Type: 'AWS::SecretsManager::Secret',
            Properties: { GenerateSecretString: { PasswordLength: 20, ExcludePunctuation: true } },
          },
          DbSecret: {
            Type: 'AWS::SecretsManager::Secret',
            Properties: { GenerateSecretString: { GenerateStringKey: 'password', SecretStringTemplate: '{"username":"admin"}' } },
          },
          Attachment: {
            Type: 'AWS::SecretsManager::SecretTargetAttachment',
            Properties: { SecretId: { Ref: 'DbSecret' }, TargetType: 'AWS::RDS::DBCluster' },
          },
          Proxy: { Type: 'AWS::RDS::DBProxy', Properties: {} },
          Dax: { Type: 'AWS::DAX::Cluster', Properties: {} },
        },
        Outputs: {
          TableOut: { Value: { Ref: 'Table' }, Export: { Name: 'Data:Table' } },
          QueueOut: { Value: { Ref: 'Queue' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}:Queue' } } },
          SecretOut: { Value: { Ref: 'Attachment' }, Export: { Name: 'Data:Secret' } },
          ProxyOut: { Value: { 'Fn::GetAtt': ['Proxy', 'Endpoint'] }, Export: { Name: 'Data:Proxy' } },
          DaxOut: { Value: { 'Fn::GetAtt': ['Dax', 'ClusterDiscoveryEndpointURL'] }, Export: { Name: 'Data:Dax' } },
        },
      },
    },
    {
      name: 'App-dev-Api',
      template: {
        Parameters: { Size: { Default: '7' } },
        Conditions: { IsDev: { 'Fn::Equals': [{ Ref: 'Size' }, '7'] } },
        Mappings: { Sizes: { dev: { memory: 512 } } },
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
          Version: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Fn' } } },
        },
      },
    },
  ],
};

function model(): AssemblyModel {
  const built = new AssemblyModel(assembly);
  built.setEndpoints({
    redis: { host: 'localhost', port: 6380 },
    postgres: { host: 'localhost', port: 5433 },
    sqs: 'http://127.0.0.1:9324',
  });
  return built;
}

describe('resolveIntrinsics', () => {
  const context: IntrinsicContext = {
    ref: (name) => `ref(${name})`,
    getAtt: (id, attribute) => `${id}.${attribute}`,
    importValue: (name) => `import(${name})`,
    dynamicReference: (service, reference) => `${service}|${reference}`,
    condition: (name) => name === 'Yes',
    findInMap: (map, top, second) => `${map}/${top}/${second}`,
  };

  it('resolves Join, Sub (with variables, attributes and ${!literal}), Select, Split and nested functions', () => {
    expect(resolveIntrinsics({ 'Fn::Join': ['-', ['a', { Ref: 'B' }, { 'Fn::GetAtt': ['C', 'Arn'] }]] }, context)).toBe('a-ref(B)-C.Arn');
    expect(resolveIntrinsics({ 'Fn::Sub': 'x-${AWS::Region}-${Res.Attr}-${!Keep}' }, context)).toBe('x-ref(AWS::Region)-Res.Attr-${Keep}');
    expect(resolveIntrinsics({ 'Fn::Sub': ['${A}/${B}', { A: 'one', B: { Ref: 'Two' } }] }, context)).toBe('one/ref(Two)');
    expect(resolveIntrinsics({ 'Fn::Select': [1, { 'Fn::Split': [',', 'p,q,r'] }] }, context)).toBe('q');
    expect(resolveIntrinsics({ 'Fn::ImportValue': { 'Fn::Sub': '${AWS::StackName}:Out' } }, context)).toBe(
      'import(ref(AWS::StackName):Out)',
    );
  });

  it('resolves dynamic references inside the strings it produces, and drops AWS::NoValue', () => {
    const value = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'S' }, ':SecretString:password::}}']] };
    expect(resolveIntrinsics(value, context)).toBe('secretsmanager|ref(S):SecretString:password::');
    expect(resolveIntrinsics({ Keep: 1, Drop: { Ref: 'AWS::NoValue' }, List: [1, { Ref: 'AWS::NoValue' }] }, context)).toEqual({
      Keep: 1,
      List: [1],
    });
  });

  it('evaluates Fn::If on conditions and refuses what it cannot resolve', () => {
    expect(resolveIntrinsics({ 'Fn::If': ['Yes', 'a', 'b'] }, context)).toBe('a');
    expect(resolveIntrinsics({ 'Fn::If': ['No', 'a', 'b'] }, context)).toBe('b');
    expect(() => resolveIntrinsics({ 'Fn::Transform': {} }, context)).toThrow('Fn::Transform is not supported locally');
  });
});

describe('AssemblyModel', () => {
  it('names resources <StackName>-<LogicalId> unless the template names them, with ARNs in the local account', () => {
    const local = model();
    expect(local.resolve('App-dev-Api', { 'Fn::ImportValue': 'Data:Table' })).toBe('App-dev-Data-Table');
    expect(local.physicalName('App-dev-Data', 'Named')).toBe('given-name');
    expect(local.physicalName('App-dev-Data', 'Bucket')).toBe('app-dev-data-bucket');
    expect(local.resolve('App-dev-Api', { 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:App-dev-Api-Fn',
    );
    expect(local.resolve('App-dev-Api', { Ref: 'Version' })).toBe('arn:aws:lambda:us-east-1:000000000000:function:App-dev-Api-Fn:1');
    expect(local.resolve('App-dev-Data', { 'Fn::GetAtt': ['Dlq', 'Arn'] })).toBe('arn:aws:sqs:us-east-1:000000000000:App-dev-Data-Dlq');
  });

  it('resolves exports whose names are intrinsics, queue URLs as the engine gave them, and endpoints to the local fronts', () => {
    const local = model();
    expect(local.resolve('App-dev-Api', { 'Fn::ImportValue': 'App-dev-Data:Queue' })).toBe(
      'http://127.0.0.1:9324/000000000000/App-dev-Data-Queue',
    );
    local.setQueueUrl('App-dev-Data-Queue', 'http://sqs.local:9324/000000000000/App-dev-Data-Queue');
    expect(local.resolve('App-dev-Api', { 'Fn::ImportValue': 'App-dev-Data:Queue' })).toBe(
      'http://sqs.local:9324/000000000000/App-dev-Data-Queue',
    );
    expect(local.resolve('App-dev-Api', { 'Fn::ImportValue': 'Data:Proxy' })).toBe('localhost');
    expect(local.resolve('App-dev-Api', { 'Fn::If': ['IsDev', { 'Fn::FindInMap': ['Sizes', 'dev', 'memory'] }, 0] })).toBe(512);
  });

  it('reports what has no local engine (DAX) and an unknown export by name', () => {
    const local = model();
    expect(() => local.resolve('App-dev-Api', { 'Fn::ImportValue': 'Data:Dax' })).toThrow(NotEmulatedError);
    expect(() => local.resolve('App-dev-Api', { 'Fn::ImportValue': 'Data:Nope' })).toThrow('No stack of stage dev exports "Data:Nope"');
  });

  it('gives secrets their local values: generated strings, and the RDS credentials JSON of the local database', () => {
    const local = model();
    const first = templateSecrets(local);
    expect(first.map((secret) => secret.logicalId)).toEqual(['Secret']);
    expect(first[0]?.value).toMatch(/^[A-Za-z0-9]{20}$/);
    const all = templateSecrets(local, { url: 'postgres://pg:p%40ss@127.0.0.1:5432/roadcall', host: 'localhost', port: 6432 }, first);
    expect(all.find((secret) => secret.logicalId === 'Secret')?.value).toBe(first[0]?.value);
    const database = JSON.parse(all.find((secret) => secret.logicalId === 'DbSecret')?.value ?? '{}');
    expect(database).toEqual({ username: 'pg', password: 'p@ss', host: 'localhost', port: 6432, dbname: 'roadcall', engine: 'postgres' });
    const arn = local.resolve('App-dev-Api', { 'Fn::ImportValue': 'Data:Secret' }) as string;
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:App-dev-Data-DbSecret-\w{6}$/);
    expect(local.resolve('App-dev-Data', `{{resolve:secretsmanager:${arn}:SecretString:password::}}`)).toBe('p@ss');
  });
});
