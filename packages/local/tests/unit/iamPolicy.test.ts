import { arnMatch, conditionsMatch, evaluatePolicy, globMatch, type PolicyStatement } from '../../src/cloud/iam';

const ACCOUNT = '000000000000';
const table = (name: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;

describe('globMatch and arnMatch (IAM wildcards)', () => {
  it.each([
    ['dynamodb:Get*', 'dynamodb:GetItem', true, true],
    ['dynamodb:Get*', 'dynamodb:PutItem', true, false],
    ['dynamodb:?etItem', 'dynamodb:GetItem', true, true],
    ['dynamodb:?etItem', 'dynamodb:GGetItem', true, false],
    ['DYNAMODB:getitem', 'dynamodb:GetItem', true, true],
    ['DYNAMODB:getitem', 'dynamodb:GetItem', false, false],
    ['a.b', 'aXb', false, false], // a dot is literal, not a regex wildcard
    ['*', 'anything:at/all', false, true],
  ])('%s vs %s (ignoreCase %s) -> %s', (pattern, value, ignoreCase, expected) => {
    expect(globMatch(pattern, value, ignoreCase)).toBe(expected);
  });

  it.each([
    [table('jobs'), table('jobs'), true],
    [table('jobs'), `${table('jobs')}/index/byUser`, false], // a table grant does not cover its indexes
    [`${table('jobs')}/index/*`, `${table('jobs')}/index/byUser`, true],
    [`${table('jobs')}*`, `${table('jobs')}/index/byUser`, true],
    [`${table('jobs')}`, table('Jobs'), false], // resources are case-sensitive
    ['arn:aws:dynamodb:*:*:table/jobs', table('jobs'), true],
    ['arn:aws:dynamodb:*:111111111111:table/jobs', table('jobs'), false],
    ['arn:aws:dynamodb:us-east-1:*:table/jobs', 'arn:aws:dynamodb:us-east-1:000000000000:x:table/jobs', false], // * stays in its segment
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c.csv', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:lambda:us-east-1:000000000000:function:f', 'arn:aws:lambda:us-east-1:000000000000:function:f:live', false],
    ['arn:aws:lambda:us-east-1:000000000000:function:f:*', 'arn:aws:lambda:us-east-1:000000000000:function:f:live', true],
    ['*', 'arn:aws:sqs:us-east-1:000000000000:q', true],
  ])('%s covers %s -> %s', (pattern, arn, expected) => {
    expect(arnMatch(pattern, arn)).toBe(expected);
  });
});

describe('evaluatePolicy (identity-based policy evaluation)', () => {
  const readJobs: PolicyStatement = {
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:Query'],
    Resource: [table('jobs'), `${table('jobs')}/index/*`],
  };

  it.each<[string, PolicyStatement[], { action: string; resource: string; context?: Record<string, string> }, string]>([
    ['an Allow that matches', [readJobs], { action: 'dynamodb:GetItem', resource: table('jobs') }, 'allow'],
    ['action case does not matter', [readJobs], { action: 'DynamoDB:getItem', resource: table('jobs') }, 'allow'],
    ['no statement grants the action', [readJobs], { action: 'dynamodb:PutItem', resource: table('jobs') }, 'implicit-deny'],
    ['another table', [readJobs], { action: 'dynamodb:GetItem', resource: table('vendors') }, 'implicit-deny'],
    ['an index under index/*', [readJobs], { action: 'dynamodb:Query', resource: `${table('jobs')}/index/byUser` }, 'allow'],
    ['no statements at all', [], { action: 'dynamodb:GetItem', resource: table('jobs') }, 'implicit-deny'],
    [
      'an explicit Deny beats an Allow, whatever the order',
      [{ Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' }, readJobs],
      { action: 'dynamodb:GetItem', resource: table('jobs') },
      'deny',
    ],
    [
      'a Deny on another action leaves the Allow',
      [readJobs, { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }],
      { action: 'dynamodb:GetItem', resource: table('jobs') },
      'allow',
    ],
    [
      'NotAction allows everything but what it names',
      [{ Effect: 'Allow', NotAction: 'dynamodb:Delete*', Resource: '*' }],
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:0:q' },
      'allow',
    ],
    [
      'NotAction does not allow what it names',
      [{ Effect: 'Allow', NotAction: 'dynamodb:Delete*', Resource: '*' }],
      { action: 'dynamodb:DeleteItem', resource: table('jobs') },
      'implicit-deny',
    ],
    [
      'NotResource excludes its resources',
      [{ Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: table('secrets') }],
      { action: 'dynamodb:GetItem', resource: table('secrets') },
      'implicit-deny',
    ],
    [
      'a Deny with NotResource denies everything else',
      [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::exports/*' },
      ],
      { action: 's3:GetObject', resource: 'arn:aws:s3:::logs/a' },
      'deny',
    ],
    [
      'an Allow whose condition fails does not apply',
      [{ ...readJobs, Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }],
      { action: 'dynamodb:GetItem', resource: table('jobs'), context: { 'aws:RequestedRegion': 'us-east-1' } },
      'implicit-deny',
    ],
    [
      'a Deny on insecure transport does not apply over TLS',
      [readJobs, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      { action: 'dynamodb:GetItem', resource: table('jobs'), context: { 'aws:SecureTransport': 'true' } },
      'allow',
    ],
    [
      'a statement with neither Action nor NotAction applies to nothing',
      [{ Effect: 'Allow', Resource: '*' }],
      { action: 'dynamodb:GetItem', resource: table('jobs') },
      'implicit-deny',
    ],
  ])('%s', (_name, statements, request, expected) => {
    expect(evaluatePolicy(statements, request)).toBe(expected);
  });
});

describe('conditionsMatch (condition operators)', () => {
  const context = {
    'aws:SecureTransport': 'true',
    'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/VendorsGetFn`,
    'aws:RequestedRegion': 'us-east-1',
    's3:prefix': 'exports/2026',
    'aws:EpochTime': '1800000000',
  };

  it.each<[string, PolicyStatement['Condition'], boolean]>([
    ['StringEquals, one of the values', { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }, true],
    ['StringEquals, none of the values', { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }, false],
    ['StringEquals is case-sensitive', { StringEquals: { 'aws:RequestedRegion': 'US-EAST-1' } }, false],
    ['condition key names are case-insensitive', { StringEquals: { 'AWS:requestedregion': 'us-east-1' } }, true],
    ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:RequestedRegion': 'US-EAST-1' } }, true],
    ['StringLike with *', { StringLike: { 's3:prefix': 'exports/*' } }, true],
    ['StringLike with ?', { StringLike: { 's3:prefix': 'exports/202?' } }, true],
    ['StringNotLike', { StringNotLike: { 's3:prefix': 'exports/*' } }, false],
    ['StringNotEquals', { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } }, true],
    ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, true],
    ['Bool given as a JSON boolean', { Bool: { 'aws:SecureTransport': false } }, false],
    ['ArnLike', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/Vendors*` } }, true],
    ['ArnLike with another account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } }, false],
    ['ArnEquals', { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/VendorsGetFn` } }, true],
    ['ArnNotEquals', { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/VendorsGetFn` } }, false],
    ['NumericLessThan', { NumericLessThan: { 'aws:EpochTime': '1900000000' } }, true],
    ['DateGreaterThan (epoch seconds vs ISO)', { DateGreaterThan: { 'aws:EpochTime': '2020-01-01T00:00:00Z' } }, true],
    [
      'every operator block must hold',
      { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      false,
    ],
    ['every key in a block must hold', { StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': 'false' } }, false],
    ['an absent key does not match a positive operator', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, false],
    ['an absent key satisfies a negated operator', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, true],
    ['...IfExists holds for an absent key', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, true],
    ['...IfExists still compares a present key', { StringEqualsIfExists: { 'aws:RequestedRegion': 'eu-west-1' } }, false],
    ['Null true: the key is absent', { Null: { 'aws:SourceVpce': 'true' } }, true],
    ['Null false: the key is present', { Null: { 'aws:RequestedRegion': 'false' } }, true],
    ['Null true on a present key', { Null: { 'aws:RequestedRegion': 'true' } }, false],
    ['ForAnyValue: on a single value', { 'ForAnyValue:StringLike': { 's3:prefix': ['logs/*', 'exports/*'] } }, true],
    ['no Condition at all', undefined, true],
  ])('%s -> %s', (_name, condition, expected) => {
    expect(conditionsMatch(condition, context)).toBe(expected);
  });

  it('treats an operator it does not know as not matching, and says so once', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(conditionsMatch({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context)).toBe(false);
      expect(conditionsMatch({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, context)).toBe(false);
      expect(warn.mock.calls.filter(([message]) => String(message).includes('IpAddress'))).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});
