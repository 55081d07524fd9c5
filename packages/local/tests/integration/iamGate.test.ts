import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type GateDecision,
  type GatePrincipal,
  type IamGate,
  type PolicyStatement,
  type SecretsManagerEmulator,
  startIamGate,
  startSecretsManager,
} from '../../src/cloud/iam';

/**
 * The IAM gate between real SDK v3 clients and the real engines of the integration run
 * (dynalite, fauxqs for SQS and S3, aws-ses-v2-local), plus the Secrets Manager stand-in and a
 * Lambda invoke endpoint of the test's own. Each principal signs with its own key; what its
 * statements allow reaches the engine, what they don't is refused as AWS refuses it.
 */
const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const suffix = randomUUID().slice(0, 8);
const TABLE = `iam-gate-${suffix}`;
const OTHER_TABLE = `iam-gate-other-${suffix}`;
const QUEUE = `iam-gate-${suffix}`;
const BUCKET = `iam-gate-${suffix}`;
const SENDER = 'no-reply@iam-gate.example';
const FUNCTION = 'IamGateTarget';
const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${QUEUE}`;
const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:iam-gate-cursor-AbCdEf`;

const engineEnv = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the integration project's global setup starts the engines`);
  return value;
};

/** A principal with a fresh key pair. */
function principal(name: string, statements: PolicyStatement[]): GatePrincipal {
  return {
    name,
    accessKeyId: `AKID${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString('hex'),
    statements,
  };
}

const reader = principal('ReaderFn', [
  {
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
    Resource: [tableArn(TABLE), `${tableArn(TABLE)}/index/*`],
  },
  { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn },
  { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
  { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretArn },
  { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}` },
]);
const writer = principal('WriterFn', [
  { Effect: 'Allow', Action: 'dynamodb:*', Resource: [tableArn(TABLE), tableArn(OTHER_TABLE)] },
  { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' },
  { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:GetQueueAttributes'], Resource: queueArn },
  { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: `arn:aws:s3:::${BUCKET}/*` },
  { Effect: 'Allow', Action: 'ses:SendEmail', Resource: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${SENDER}` },
]);

let gate: IamGate;
let secrets: SecretsManagerEmulator;
let lambdaEndpoint: Server;
const invoked: string[] = [];
const decisions: GateDecision[] = [];
const admin = {
  dynamo: new DynamoDBClient({}),
  sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
  s3: new S3Client({ forcePathStyle: true }),
};
let queueUrl: string;

/** SDK clients as a worker builds them: the gate as every endpoint, the principal's own key. */
function clientsOf(who: GatePrincipal, secretAccessKey = who.secretAccessKey) {
  const config = { region: REGION, endpoint: gate.url, credentials: { accessKeyId: who.accessKeyId, secretAccessKey }, maxAttempts: 1 };
  return {
    doc: DynamoDBDocumentClient.from(new DynamoDBClient(config)),
    sqs: new SQSClient({ ...config, useQueueUrlAsEndpoint: false }),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    ses: new SESv2Client(config),
    secrets: new SecretsManagerClient(config),
    lambda: new LambdaClient(config),
  };
}

beforeAll(async () => {
  for (const name of [TABLE, OTHER_TABLE]) {
    await admin.dynamo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'owner', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          { IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        ],
      }),
    );
  }
  queueUrl = (await admin.sqs.send(new CreateQueueCommand({ QueueName: QUEUE }))).QueueUrl as string;
  await admin.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  secrets = await startSecretsManager({ secrets: [{ arn: secretArn, name: 'iam-gate-cursor', value: 'cursor-key' }] });
  // The runtime's invoke endpoint, as the gate's lambda upstream: answers like Lambda's REST API.
  lambdaEndpoint = createServer((req, res) => {
    invoked.push(req.url ?? '');
    req.resume().on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => lambdaEndpoint.listen(0, '127.0.0.1', resolve));
  gate = await startIamGate({
    principals: [reader, writer],
    region: REGION,
    accountId: ACCOUNT,
    upstreams: {
      dynamodb: engineEnv('AWS_ENDPOINT_URL_DYNAMODB'),
      sqs: engineEnv('AWS_ENDPOINT_URL_SQS'),
      s3: engineEnv('AWS_ENDPOINT_URL_S3'),
      ses: engineEnv('AWS_ENDPOINT_URL_SESV2'),
      secretsmanager: secrets.url,
      lambda: `http://127.0.0.1:${(lambdaEndpoint.address() as AddressInfo).port}`,
    },
    secrets: [{ arn: secretArn, name: 'iam-gate-cursor' }],
    onDecision: (decision) => decisions.push(decision),
  });
});

afterAll(async () => {
  await gate?.close();
  await secrets?.close();
  await new Promise((resolve) => lambdaEndpoint?.close(resolve));
  for (const name of [TABLE, OTHER_TABLE]) await admin.dynamo.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  if (queueUrl) await admin.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
  admin.dynamo.destroy();
  admin.sqs.destroy();
  admin.s3.destroy();
});

/** The error a call rejected with, for assertions on name, code and status. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number; code?: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; message: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, code: e.Code };
  }
  throw new Error('the call was allowed');
}

describe('DynamoDB through the gate', () => {
  it('lets a granted write and read through to dynalite', async () => {
    await clientsOf(writer).doc.send(new PutCommand({ TableName: TABLE, Item: { id: 'a', owner: 'o1', n: 1 } }));
    const { Item } = await clientsOf(reader).doc.send(new GetCommand({ TableName: TABLE, Key: { id: 'a' } }));
    expect(Item).toEqual({ id: 'a', owner: 'o1', n: 1 });
    expect(decisions).toContainEqual({
      principal: 'ReaderFn',
      service: 'dynamodb',
      action: 'dynamodb:GetItem',
      resources: [tableArn(TABLE)],
      allowed: true,
    });
  });

  it('answers AccessDeniedException, as DynamoDB does, for an action no statement grants', async () => {
    const error = await failure(clientsOf(reader).doc.send(new PutCommand({ TableName: TABLE, Item: { id: 'b', owner: 'o1' } })));
    expect(error).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(error.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/ReaderFn/ReaderFn is not authorized to perform: dynamodb:PutItem on resource: ${tableArn(TABLE)} because no identity-based policy allows the dynamodb:PutItem action`,
    );
    // Nothing reached the engine.
    const { Item } = await clientsOf(writer).doc.send(new GetCommand({ TableName: TABLE, Key: { id: 'b' } }));
    expect(Item).toBeUndefined();
  });

  it('lets an explicit Deny win over dynamodb:*', async () => {
    const error = await failure(
      clientsOf(writer).doc.send(new (await import('@aws-sdk/lib-dynamodb')).DeleteCommand({ TableName: TABLE, Key: { id: 'a' } })),
    );
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toContain('with an explicit deny in an identity-based policy');
  });

  it('authorizes a Query of an index on table/T/index/I', async () => {
    const { Items } = await clientsOf(reader).doc.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byOwner',
        KeyConditionExpression: '#o = :o',
        ExpressionAttributeNames: { '#o': 'owner' },
        ExpressionAttributeValues: { ':o': 'o1' },
      }),
    );
    expect(Items?.map((item) => item.id)).toEqual(['a']);
    expect(decisions).toContainEqual(
      expect.objectContaining({ action: 'dynamodb:Query', resources: [`${tableArn(TABLE)}/index/byOwner`], allowed: true }),
    );
  });

  it('needs BatchGetItem on every table of the batch', async () => {
    const both = { RequestItems: { [TABLE]: { Keys: [{ id: 'a' }] }, [OTHER_TABLE]: { Keys: [{ id: 'a' }] } } };
    expect(await failure(clientsOf(reader).doc.send(new BatchGetCommand(both)))).toMatchObject({ name: 'AccessDeniedException' });
    const { Responses } = await clientsOf(reader).doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: [{ id: 'a' }] } } }));
    expect(Responses?.[TABLE]).toHaveLength(1);
    expect((await clientsOf(writer).doc.send(new BatchGetCommand(both))).Responses?.[TABLE]).toHaveLength(1);
  });

  it('refuses an unknown access key and a wrong secret as DynamoDB does', async () => {
    const stranger = principal('Stranger', []);
    expect(await failure(clientsOf(stranger).doc.send(new GetCommand({ TableName: TABLE, Key: { id: 'a' } })))).toMatchObject({
      name: 'UnrecognizedClientException',
      status: 400,
    });
    expect(
      await failure(clientsOf(reader, 'not-the-secret').doc.send(new GetCommand({ TableName: TABLE, Key: { id: 'a' } }))),
    ).toMatchObject({
      name: 'InvalidSignatureException',
      status: 400,
    });
  });

  it('refuses an unsigned request without forwarding it', async () => {
    const response = await fetch(gate.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'com.amazon.coral.service#MissingAuthenticationTokenException' });
    // The engine itself would have answered ListTables.
    expect((await admin.dynamo.send(new ListTablesCommand({}))).TableNames).toContain(TABLE);
  });
});

describe('SQS through the gate', () => {
  it('sends when granted and refuses GetQueueAttributes it does not grant, with SQS error codes', async () => {
    await clientsOf(reader).sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello' }));
    const { Messages } = await clientsOf(writer).sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }));
    expect(Messages?.[0]?.Body).toBe('hello');
    const error = await failure(clientsOf(reader).sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] })));
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403, code: 'AccessDenied' });
    expect(error.message).toContain(`sqs:GetQueueAttributes on resource: ${queueArn}`);
    expect(
      (await clientsOf(writer).sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes
        ?.QueueArn,
    ).toBeDefined();
  });
});

describe('S3 through the gate', () => {
  it('streams an object both ways when granted', async () => {
    const body = randomBytes(3 * 1024 * 1024);
    await clientsOf(writer).s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big/object.bin', Body: body }));
    const got = await clientsOf(reader).s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big/object.bin' }));
    expect(Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).equals(body)).toBe(true);
  });

  it('carries a multipart upload (lib-storage, as the export jobs write) as s3:PutObject', async () => {
    const body = randomBytes(6 * 1024 * 1024);
    const upload = (who: GatePrincipal) =>
      new Upload({
        client: clientsOf(who).s3,
        params: { Bucket: BUCKET, Key: 'exports/multipart.bin', Body: body },
        partSize: 5 * 1024 * 1024,
        queueSize: 1,
      });
    decisions.length = 0;
    await upload(writer).done();
    // CreateMultipartUpload, two UploadPart and CompleteMultipartUpload, all authorized as s3:PutObject.
    expect(decisions.filter((decision) => decision.principal === 'WriterFn').map((decision) => decision.action)).toEqual(
      Array(4).fill('s3:PutObject'),
    );
    const got = await clientsOf(reader).s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'exports/multipart.bin' }));
    expect(Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).equals(body)).toBe(true);
    await expect(upload(reader).done()).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('answers AccessDenied (S3 XML) for a write the reader is not granted', async () => {
    const error = await failure(clientsOf(reader).s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'nope.txt', Body: 'x' })));
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(error.message).toContain(`s3:PutObject on resource: arn:aws:s3:::${BUCKET}/nope.txt`);
    expect(await failure(clientsOf(writer).s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'big/object.bin' })))).toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('authorizes presigned GET URLs by the key in X-Amz-Credential, and checks their signature and expiry', async () => {
    await clientsOf(writer).s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'exports/report.csv', Body: 'a,b\n1,2\n' }));
    const url = await getSignedUrl(clientsOf(reader).s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'exports/report.csv' }), {
      expiresIn: 300,
    });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('a,b\n1,2\n');

    const tampered = await fetch(url.replace('report.csv', 'other.csv'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const stale = await getSignedUrl(clientsOf(reader).s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'exports/report.csv' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3_600_000),
    });
    const expired = await fetch(stale);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');

    const stranger = principal('Stranger', []);
    const unknown = await fetch(
      await getSignedUrl(clientsOf(stranger).s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'exports/report.csv' })),
    );
    expect(unknown.status).toBe(403);
    expect(await unknown.text()).toContain('<Code>InvalidAccessKeyId</Code>');
  });
});

describe('SES, Secrets Manager and Lambda through the gate', () => {
  const email = (from: string) =>
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: ['driver@iam-gate.example'] },
      Content: { Simple: { Subject: { Data: `gate ${suffix}` }, Body: { Text: { Data: 'hi' } } } },
    });

  it('sends mail from the granted identity only', async () => {
    const { MessageId } = await clientsOf(writer).ses.send(email(SENDER));
    expect(MessageId).toBeTruthy();
    expect(await failure(clientsOf(writer).ses.send(email('other@iam-gate.example')))).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
    });
    expect(await failure(clientsOf(reader).ses.send(email(SENDER)))).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('reads a granted secret and refuses it to a function without the grant', async () => {
    const { SecretString, ARN } = await clientsOf(reader).secrets.send(new GetSecretValueCommand({ SecretId: 'iam-gate-cursor' }));
    expect({ SecretString, ARN }).toEqual({ SecretString: 'cursor-key', ARN: secretArn });
    const error = await failure(clientsOf(writer).secrets.send(new GetSecretValueCommand({ SecretId: secretArn })));
    expect(error).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(error.message).toContain(`secretsmanager:GetSecretValue on resource: ${secretArn}`);
  });

  it('invokes a granted function and refuses the others', async () => {
    const before = invoked.length;
    const result = await clientsOf(reader).lambda.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from('{}') }));
    expect(result.StatusCode).toBe(200);
    expect(JSON.parse(Buffer.from(result.Payload ?? []).toString())).toEqual({ ok: true });
    expect(invoked.slice(before)).toEqual([`/2015-03-31/functions/${FUNCTION}/invocations`]);
    expect(await failure(clientsOf(reader).lambda.send(new InvokeCommand({ FunctionName: 'SomeoneElse' })))).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
    });
    expect(await failure(clientsOf(writer).lambda.send(new InvokeCommand({ FunctionName: FUNCTION })))).toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(invoked.length).toBe(before + 1);
  });
});
