// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings use ${...} literally.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Handler files of the fixture's one asset (plain CommonJS, as a bundle is). */
const HANDLERS: Record<string, string> = {
  'echo.js': `
let count = 0;
exports.handler = async (event) => {
  count += 1;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      count, pid: process.pid, fromRule: event.fromRule ?? null,
      query: event.queryStringParameters, path: event.path,
      claims: event.requestContext?.authorizer?.claims ?? null,
      env: { TABLE: process.env.TABLE, QUEUE_URL: process.env.QUEUE_URL, JOINED: process.env.JOINED, FN: process.env.AWS_LAMBDA_FUNCTION_NAME, MEMORY: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE },
    }),
  };
};`,
  'slow.js': `
exports.handler = async (event) => {
  const ms = Number(event.ms ?? event.queryStringParameters?.ms ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { statusCode: 200, body: JSON.stringify({ pid: process.pid, ms }) };
};`,
  // Writes the prelude and a first chunk, then waits for the test to say it has read that chunk.
  'stream.js': `
const { existsSync } = require('node:fs');
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'Content-Type': 'text/event-stream' } });
  stream.write('data: first\\n\\n');
  const flag = event.queryStringParameters.flag;
  for (let i = 0; i < 200 && !existsSync(flag); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  stream.write('data: second\\n\\n');
  stream.end();
});`,
  'trigger.js': `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
exports.handler = async () => {
  const client = new DynamoDBClient({});
  await client.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { pk: { S: 'trigger' }, at: { S: new Date().toISOString() } } }));
  return { ok: true };
};`,
  'consumer.js': `
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    if (record.body === 'fail') batchItemFailures.push({ itemIdentifier: record.messageId });
    else await client.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { pk: { S: record.body } } }));
  }
  return { batchItemFailures };
};`,
};

const lambdaUri = (fn: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':apigateway:',
      { Ref: 'AWS::Region' },
      ':lambda:path/2015-03-31/functions/',
      { 'Fn::GetAtt': [fn, 'Arn'] },
      '/invocations',
    ],
  ],
});

function fn(handler: string, timeout: number, extra: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Handler: handler,
      Runtime: 'nodejs22.x',
      MemorySize: 256,
      Timeout: timeout,
      Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] },
      Environment: {
        Variables: {
          TABLE: { Ref: 'Table' },
          QUEUE_URL: { Ref: 'Queue' },
          JOINED: {
            'Fn::Join': ['|', [{ Ref: 'AWS::Region' }, { 'Fn::GetAtt': ['Queue', 'QueueName'] }, { 'Fn::Sub': '${AWS::StackName}' }]],
          },
        },
      },
      ...extra,
    },
    Metadata: { 'aws:asset:path': 'asset.fixture' },
  };
}

function resource(parent: string | undefined, part: string) {
  return {
    Type: 'AWS::ApiGateway::Resource',
    Properties: {
      ParentId: parent ? { Ref: parent } : { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
      PathPart: part,
      RestApiId: { Ref: 'Api' },
    },
  };
}

function method(resourceId: string, target: string, extra: Record<string, unknown> = {}, auth = 'NONE') {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      HttpMethod: 'GET',
      AuthorizationType: auth,
      ...(auth === 'COGNITO_USER_POOLS' ? { AuthorizerId: { Ref: 'Authorizer' } } : {}),
      ResourceId: { Ref: resourceId },
      RestApiId: { Ref: 'Api' },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: lambdaUri(target), ...extra },
    },
  };
}

/** The fixture's stack name: stage `fixture`. */
export const FIXTURE_STACK = 'Fx-fixture-App';

/**
 * A small cloud assembly written to a temporary folder: one stack with a table, a queue and its
 * DLQ, a role with a policy, six functions sharing one asset, an event source mapping, a
 * scheduled rule, a CDK trigger, and a REST API whose stage caches one method (keyed by one query
 * parameter), throttles another and streams a third.
 */
export function writeFixtureAssembly(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roadcall-fixture-assembly-'));
  const asset = join(dir, 'asset.fixture');
  mkdirSync(asset);
  for (const [file, source] of Object.entries(HANDLERS)) writeFileSync(join(asset, file), source);
  const template = {
    Resources: {
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        },
      },
      Dlq: { Type: 'AWS::SQS::Queue', Properties: {} },
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: { VisibilityTimeout: 2, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 2 } },
      },
      FnRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      FnPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'fn',
          Roles: [{ Ref: 'FnRole' }],
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: { 'Fn::GetAtt': ['Table', 'Arn'] } },
            ],
          },
        },
      },
      Echo: fn('echo.handler', 5),
      Slow: fn('slow.handler', 1),
      Busy: fn('slow.handler', 60),
      Stream: fn('stream.handler', 30),
      Trigger: fn('trigger.handler', 10),
      TriggerVersion: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Trigger' } } },
      Consumer: fn('consumer.handler', 10),
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
          FunctionName: { Ref: 'Consumer' },
          BatchSize: 10,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      },
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          ScheduleExpression: 'rate(1 day)',
          State: 'ENABLED',
          Targets: [{ Arn: { 'Fn::GetAtt': ['Echo', 'Arn'] }, Id: 'Target0', Input: '{"fromRule":true}' }],
        },
      },
      Migrate: {
        Type: 'Custom::Trigger',
        Properties: { ServiceToken: 'unused', HandlerArn: { Ref: 'TriggerVersion' }, InvocationType: 'RequestResponse' },
      },
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'fixture' } },
      Authorizer: { Type: 'AWS::ApiGateway::Authorizer', Properties: { Type: 'COGNITO_USER_POOLS', RestApiId: { Ref: 'Api' } } },
      EchoRes: resource(undefined, 'echo'),
      EchoIdRes: resource('EchoRes', '{id}'),
      PrivateRes: resource(undefined, 'private'),
      SlowRes: resource(undefined, 'slow'),
      StreamRes: resource(undefined, 'stream'),
      LimitedRes: resource(undefined, 'limited'),
      EchoGet: method('EchoRes', 'Echo', { CacheKeyParameters: ['method.request.querystring.k'] }),
      EchoIdGet: method('EchoIdRes', 'Echo'),
      PrivateGet: method('PrivateRes', 'Echo', {}, 'COGNITO_USER_POOLS'),
      SlowGet: method('SlowRes', 'Slow'),
      StreamGet: method('StreamRes', 'Stream', { ResponseTransferMode: 'STREAM' }),
      LimitedGet: method('LimitedRes', 'Echo'),
      Stage: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: { Ref: 'Api' },
          StageName: 'fixture',
          CacheClusterEnabled: true,
          MethodSettings: [
            { ResourcePath: '/~1echo', HttpMethod: 'GET', CachingEnabled: true, CacheTtlInSeconds: 300 },
            // One request, then a token every 1000 s: the second request is throttled however slow the machine.
            { ResourcePath: '/~1limited', HttpMethod: 'GET', ThrottlingRateLimit: 0.001, ThrottlingBurstLimit: 1 },
          ],
        },
      },
    },
  };
  writeFileSync(join(dir, `${FIXTURE_STACK}.template.json`), JSON.stringify(template));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      version: '48.0.0',
      artifacts: {
        [FIXTURE_STACK]: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: `${FIXTURE_STACK}.template.json`, tags: { stage: 'fixture' } },
        },
      },
    }),
  );
  return dir;
}
