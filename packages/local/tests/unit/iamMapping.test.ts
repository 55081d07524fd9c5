import { type InspectedRequest, MAPPERS, type MappingContext } from '../../src/cloud/iam';

const context: MappingContext = {
  region: 'us-east-1',
  accountId: '000000000000',
  secretArn: (id) => (id === 'CursorSecret' ? 'arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorSecret-AbCdEf' : id),
  sesIdentities: ['dev.roadcall.example', 'ops@roadcall.example'],
};
const tableArn = (name: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;

function request(partial: Partial<InspectedRequest> & { json?: unknown; target?: string; form?: string }): InspectedRequest {
  const headers = { ...(partial.headers ?? {}), ...(partial.target ? { 'x-amz-target': partial.target } : {}) };
  const body =
    partial.json !== undefined
      ? Buffer.from(JSON.stringify(partial.json))
      : partial.form !== undefined
        ? Buffer.from(partial.form)
        : partial.body;
  return {
    method: partial.method ?? 'POST',
    rawPath: partial.rawPath ?? '/',
    query: partial.query ?? new URLSearchParams(),
    headers,
    body,
  };
}

describe('DynamoDB requests -> IAM actions and resources', () => {
  const map = (target: string, json: unknown) => MAPPERS.dynamodb.map(request({ target: `DynamoDB_20120810.${target}`, json }), context);

  it.each([
    ['GetItem', { TableName: 'jobs', Key: {} }, [{ action: 'dynamodb:GetItem', resources: [tableArn('jobs')] }]],
    ['Query', { TableName: 'jobs', IndexName: 'byUser' }, [{ action: 'dynamodb:Query', resources: [`${tableArn('jobs')}/index/byUser`] }]],
    ['Scan', { TableName: 'jobs' }, [{ action: 'dynamodb:Scan', resources: [tableArn('jobs')] }]],
    [
      'BatchGetItem',
      { RequestItems: { jobs: {}, vendors: {} } },
      [{ action: 'dynamodb:BatchGetItem', resources: [tableArn('jobs'), tableArn('vendors')] }],
    ],
    ['BatchWriteItem', { RequestItems: { cache: [] } }, [{ action: 'dynamodb:BatchWriteItem', resources: [tableArn('cache')] }]],
    [
      'GetItem',
      { TableName: 'arn:aws:dynamodb:us-east-1:000000000000:table/jobs' },
      [{ action: 'dynamodb:GetItem', resources: [tableArn('jobs')] }],
    ],
    ['ListTables', {}, [{ action: 'dynamodb:ListTables', resources: ['*'] }]],
    [
      'TransactWriteItems',
      { TransactItems: [{ Put: { TableName: 'jobs' } }, { ConditionCheck: { TableName: 'vendors' } }, { Update: { TableName: 'jobs' } }] },
      [
        { action: 'dynamodb:PutItem', resources: [tableArn('jobs')] },
        { action: 'dynamodb:ConditionCheckItem', resources: [tableArn('vendors')] },
        { action: 'dynamodb:UpdateItem', resources: [tableArn('jobs')] },
      ],
    ],
  ])('%s %j', (target, json, expected) => {
    expect(map(target, json)).toEqual(expected);
  });

  it('refuses a body that is not JSON, and a call without its table, as DynamoDB does', () => {
    expect(() => MAPPERS.dynamodb.map(request({ target: 'DynamoDB_20120810.GetItem', body: Buffer.from('{nope') }), context)).toThrow(
      expect.objectContaining({ code: 'SerializationException', status: 400 }),
    );
    expect(() => map('GetItem', {})).toThrow(expect.objectContaining({ code: 'ValidationException', status: 400 }));
  });
});

describe('SQS requests -> IAM actions and resources', () => {
  const queue = 'arn:aws:sqs:us-east-1:000000000000:roadcall-test-jobs-high';
  const url = 'http://sqs.us-east-1.localhost:4566/000000000000/roadcall-test-jobs-high';

  it.each([
    ['SendMessage', { QueueUrl: url, MessageBody: 'x' }, 'sqs:SendMessage', queue],
    ['SendMessageBatch', { QueueUrl: url, Entries: [] }, 'sqs:SendMessage', queue],
    ['DeleteMessageBatch', { QueueUrl: url, Entries: [] }, 'sqs:DeleteMessage', queue],
    ['GetQueueUrl', { QueueName: 'roadcall-test-jobs-high' }, 'sqs:GetQueueUrl', queue],
    ['GetQueueUrl', { QueueName: 'q', QueueOwnerAWSAccountId: '111111111111' }, 'sqs:GetQueueUrl', 'arn:aws:sqs:us-east-1:111111111111:q'],
    ['ListQueues', {}, 'sqs:ListQueues', '*'],
  ])('JSON protocol %s', (operation, json, action, resource) => {
    expect(MAPPERS.sqs.map(request({ target: `AmazonSQS.${operation}`, json }), context)).toEqual([{ action, resources: [resource] }]);
  });

  it('reads the older Query protocol too', () => {
    const form = `Action=ChangeMessageVisibility&QueueUrl=${encodeURIComponent(url)}&VisibilityTimeout=5`;
    expect(MAPPERS.sqs.map(request({ form }), context)).toEqual([{ action: 'sqs:ChangeMessageVisibility', resources: [queue] }]);
  });
});

describe('S3 requests -> IAM actions and resources', () => {
  const map = (method: string, rawPath: string, query = '', headers: Record<string, string> = {}) =>
    MAPPERS.s3.map(request({ method, rawPath, query: new URLSearchParams(query), headers }), context);

  it.each([
    ['GET', '/exports/jobs/a%20b.csv', '', 's3:GetObject', 'arn:aws:s3:::exports/jobs/a b.csv'],
    ['HEAD', '/exports/k', '', 's3:GetObject', 'arn:aws:s3:::exports/k'],
    ['PUT', '/exports/k', '', 's3:PutObject', 'arn:aws:s3:::exports/k'],
    ['POST', '/exports/k', 'uploads', 's3:PutObject', 'arn:aws:s3:::exports/k'],
    ['PUT', '/exports/k', 'partNumber=1&uploadId=u', 's3:PutObject', 'arn:aws:s3:::exports/k'],
    ['POST', '/exports/k', 'uploadId=u', 's3:PutObject', 'arn:aws:s3:::exports/k'],
    ['DELETE', '/exports/k', 'uploadId=u', 's3:AbortMultipartUpload', 'arn:aws:s3:::exports/k'],
    ['DELETE', '/exports/k', '', 's3:DeleteObject', 'arn:aws:s3:::exports/k'],
    ['GET', '/exports', 'list-type=2&prefix=jobs/', 's3:ListBucket', 'arn:aws:s3:::exports'],
    ['GET', '/', '', 's3:ListAllMyBuckets', '*'],
  ])('%s %s?%s', (method, path, query, action, resource) => {
    expect(map(method, path, query)).toEqual([{ action, resources: [resource] }]);
  });

  it('CopyObject needs PutObject on the target and GetObject on the source', () => {
    expect(map('PUT', '/exports/copy', '', { 'x-amz-copy-source': '/logs/original.csv' })).toEqual([
      { action: 's3:PutObject', resources: ['arn:aws:s3:::exports/copy'] },
      { action: 's3:GetObject', resources: ['arn:aws:s3:::logs/original.csv'] },
    ]);
  });

  it('DeleteObjects needs DeleteObject on every key', () => {
    const body = Buffer.from('<Delete><Object><Key>a&amp;b</Key></Object><Object><Key>c</Key></Object></Delete>');
    expect(MAPPERS.s3.map(request({ method: 'POST', rawPath: '/exports', query: new URLSearchParams('delete'), body }), context)).toEqual([
      { action: 's3:DeleteObject', resources: ['arn:aws:s3:::exports/a&b', 'arn:aws:s3:::exports/c'] },
    ]);
  });
});

describe('SES, Secrets Manager and Lambda requests -> IAM actions and resources', () => {
  const ses = 'arn:aws:ses:us-east-1:000000000000';

  it('SES v2 SendEmail is authorized on the identity that verifies the sender and on the configuration set', () => {
    const send = (from: string, configurationSet?: string) =>
      MAPPERS.ses.map(
        request({
          rawPath: '/v2/email/outbound-emails',
          json: { FromEmailAddress: from, ConfigurationSetName: configurationSet, Content: {} },
        }),
        context,
      );
    expect(send('"Roadcall" <ops@roadcall.example>')).toEqual([
      { action: 'ses:SendEmail', resources: [`${ses}:identity/ops@roadcall.example`] },
    ]);
    expect(send('no-reply@dev.roadcall.example', 'roadcall')).toEqual([
      { action: 'ses:SendEmail', resources: [`${ses}:identity/dev.roadcall.example`, `${ses}:configuration-set/roadcall`] },
    ]);
  });

  it('SES v1 SendEmail (Query protocol) reads Source', () => {
    const form = 'Action=SendEmail&Source=ops%40roadcall.example&Destination.ToAddresses.member.1=a%40b.c';
    expect(MAPPERS.ses.map(request({ rawPath: '/', form }), context)).toEqual([
      { action: 'ses:SendEmail', resources: [`${ses}:identity/ops@roadcall.example`] },
    ]);
  });

  it('Secrets Manager authorizes on the full ARN, also when addressed by name', () => {
    expect(
      MAPPERS.secretsmanager.map(request({ target: 'secretsmanager.GetSecretValue', json: { SecretId: 'CursorSecret' } }), context),
    ).toEqual([
      { action: 'secretsmanager:GetSecretValue', resources: ['arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorSecret-AbCdEf'] },
    ]);
  });

  it.each([
    ['/2015-03-31/functions/VendorsGet/invocations', '', 'arn:aws:lambda:us-east-1:000000000000:function:VendorsGet'],
    ['/2015-03-31/functions/VendorsGet/invocations', 'Qualifier=live', 'arn:aws:lambda:us-east-1:000000000000:function:VendorsGet:live'],
    [
      `/2015-03-31/functions/${encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:function:VendorsGet')}/invocations`,
      '',
      'arn:aws:lambda:us-east-1:000000000000:function:VendorsGet',
    ],
  ])('Lambda Invoke %s?%s', (rawPath, query, resource) => {
    expect(MAPPERS.lambda.map(request({ rawPath, query: new URLSearchParams(query) }), context)).toEqual([
      { action: 'lambda:InvokeFunction', resources: [resource] },
    ]);
  });
});

describe('malformed input is the caller error', () => {
  it('answers 400 for a path with a broken percent-escape, never a gate failure', () => {
    expect(() => MAPPERS.s3.map(request({ method: 'GET', rawPath: '/exports/%E0%A4%A' }), context)).toThrow(
      expect.objectContaining({ status: 400, code: 'InvalidURI' }),
    );
    expect(() => MAPPERS.lambda.map(request({ rawPath: '/2015-03-31/functions/%ZZ/invocations' }), context)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
