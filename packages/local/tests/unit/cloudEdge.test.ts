import { distributionOf, pathPatternMatcher } from '../../src/cloud/edge';
import { AssemblyError } from '../../src/cloud/errors';
import { AssemblyModel } from '../../src/cloud/model';
import { stageWebAcl } from '../../src/cloud/waf';

/** The stage's web ACL and the distribution's routing, read from a hand-made two-stack assembly. */
const secretRef = (ref: unknown) => ({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', ref, ':SecretString:::}}']] });
const allowWithHeader = {
  ByteMatchStatement: {
    FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } },
    PositionalConstraint: 'EXACTLY',
    SearchString: secretRef({ Ref: 'Secret' }),
    TextTransformations: [{ Priority: 0, Type: 'NONE' }],
  },
};

function modelWith(rules: unknown[]): AssemblyModel {
  const model = new AssemblyModel({
    dir: '/tmp/none',
    stage: 'dev',
    stacks: [
      {
        name: 'App-dev-Api',
        template: {
          Resources: {
            Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'app-dev' } },
            Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'dev' } },
            Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'origin' } },
            Acl: {
              Type: 'AWS::WAFv2::WebACL',
              Properties: { Name: 'app-origin', Scope: 'REGIONAL', DefaultAction: { Block: {} }, Rules: rules },
            },
            Association: {
              Type: 'AWS::WAFv2::WebACLAssociation',
              Properties: {
                ResourceArn: {
                  'Fn::Join': ['', ['arn:aws:apigateway:us-east-1::/restapis/', { Ref: 'Api' }, '/stages/', { Ref: 'Stage' }]],
                },
                WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] },
              },
            },
          },
          Outputs: {
            SecretArn: { Value: { Ref: 'Secret' }, Export: { Name: 'App-dev-Api:SecretArn' } },
            // CDK exports the API id for the edge stack's origin domain.
            ApiId: { Value: { Ref: 'Api' }, Export: { Name: 'App-dev-Api:ApiId' } },
          },
        },
      },
      {
        name: 'App-dev-Edge',
        template: {
          Resources: {
            Assets: { Type: 'AWS::S3::Bucket' },
            Distribution: {
              Type: 'AWS::CloudFront::Distribution',
              Properties: {
                DistributionConfig: {
                  DefaultRootObject: 'index.html',
                  DefaultCacheBehavior: { TargetOriginId: 'static' },
                  CacheBehaviors: [
                    { PathPattern: '/jobs/*/events', TargetOriginId: 'stream' },
                    { PathPattern: '/jobs*', TargetOriginId: 'api' },
                  ],
                  Origins: [
                    { Id: 'static', DomainName: { 'Fn::GetAtt': ['Assets', 'RegionalDomainName'] }, S3OriginConfig: {} },
                    ...['api', 'stream'].map((Id) => ({
                      Id,
                      DomainName: {
                        'Fn::Join': ['', [{ 'Fn::ImportValue': 'App-dev-Api:ApiId' }, '.execute-api.us-east-1.amazonaws.com']],
                      },
                      OriginCustomHeaders: [
                        { HeaderName: 'X-Origin-Verify', HeaderValue: secretRef({ 'Fn::ImportValue': 'App-dev-Api:SecretArn' }) },
                      ],
                    })),
                  ],
                },
              },
            },
          },
        },
      },
    ],
  });
  model.setSecretValue(model.ref('App-dev-Api', 'Secret'), 'the-secret');
  return model;
}

const api = { stack: 'App-dev-Api', restApiId: 'Api', stageName: 'dev' };

describe('the stage web ACL', () => {
  it('allows only a request whose header is exactly the secret (default block)', () => {
    const acl = stageWebAcl(
      modelWith([{ Name: 'AllowFromCloudFront', Priority: 0, Action: { Allow: {} }, Statement: allowWithHeader }]),
      api,
    );
    expect(acl?.name).toBe('app-origin');
    const decide = (headers: Record<string, string>) => acl?.evaluate({ headers, path: '/health' });
    expect(decide({ 'x-origin-verify': 'the-secret' })).toBe('allow');
    expect(decide({ 'x-origin-verify': 'the-secret ' })).toBe('block');
    expect(decide({ 'x-origin-verify': 'THE-SECRET' })).toBe('block');
    expect(decide({})).toBe('block');
  });

  it('is absent for a stage without an association', () => {
    expect(stageWebAcl(modelWith([]), { ...api, stageName: 'other' })).toBeUndefined();
  });

  it('refuses to start on a statement it cannot evaluate, naming the rule', () => {
    const rate = {
      Name: 'PerIp',
      Priority: 0,
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' } },
    };
    expect(() => stageWebAcl(modelWith([rate]), api)).toThrow(AssemblyError);
    expect(() => stageWebAcl(modelWith([rate]), api)).toThrow(/rule PerIp: RateBasedStatement is not emulated/);
  });
});

describe('the distribution in front of the API', () => {
  it('routes by behavior order to the API origins with their resolved headers, the rest to the bucket', () => {
    const model = modelWith([]);
    const distribution = distributionOf(model, api);
    expect(distribution?.behaviors.map((b) => `${b.pathPattern}->${b.originId}`)).toEqual([
      '/jobs/*/events->stream',
      '/jobs*->api',
      '*->static',
    ]);
    expect(distribution?.apiOrigins.get('api')?.customHeaders).toEqual({ 'x-origin-verify': 'the-secret' });
    expect(distribution?.apiOrigins.get('stream')?.customHeaders).toEqual({ 'x-origin-verify': 'the-secret' });
    expect(distribution?.bucketOrigins.get('static')).toBe(model.physicalName('App-dev-Edge', 'Assets'));
    expect(distribution?.defaultRootObject).toBe('index.html');
  });

  it('matches CloudFront path patterns: * spans slashes, ? is one character, case matters', () => {
    expect(pathPatternMatcher('/jobs/*/events').test('/jobs/a/b/events')).toBe(true);
    expect(pathPatternMatcher('/jobs/*/events').test('/jobs/a/events/x')).toBe(false);
    expect(pathPatternMatcher('jobs/?').test('/jobs/1')).toBe(true);
    expect(pathPatternMatcher('/Jobs*').test('/jobs')).toBe(false);
    expect(pathPatternMatcher('*').test('/anything/at/all')).toBe(true);
  });
});
