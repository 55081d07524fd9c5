import { App } from 'aws-cdk-lib';
import { readStageContext } from '../lib/config/context';
import { ORIGIN_VERIFY_HEADER } from '../lib/constructs/origin-guard';
import { removeSynthOutputs, synthStage } from './support/synth';

/** Issue #15 (security), the infrastructure part: identity attributes and the prod edge. */
afterAll(removeSynthOutputs);

describe('the user pool client', () => {
  it('cannot write custom:vendorId or custom:tenantId (only administrators set them), in every stage', () => {
    for (const stage of ['dev', 'staging', 'prod'] as const) {
      const clients = synthStage(stage).templates.data.findResources('AWS::Cognito::UserPoolClient');
      const entries = Object.values(clients) as Array<{ Properties: { WriteAttributes?: string[]; ReadAttributes?: string[] } }>;
      expect(entries.length).toBeGreaterThan(0);
      for (const { Properties } of entries) {
        // Without WriteAttributes, Cognito lets the client write every mutable attribute.
        expect(Properties.WriteAttributes).toEqual(expect.arrayContaining(['email']));
        expect(Properties.WriteAttributes).not.toContain('custom:vendorId');
        expect(Properties.WriteAttributes).not.toContain('custom:tenantId');
        expect(Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:vendorId']));
      }
    }
  });
});

describe('prod', () => {
  it('does not synthesise without a custom domain and certificate (TLS 1.2 for viewers needs one)', () => {
    const node = (context: Record<string, unknown>) => new App({ context }).node;
    const base = { stage: 'prod', sesDomain: 'mail.roadcall.app', alarmEmail: 'ops@roadcall.example' };
    expect(() => readStageContext(node(base))).toThrow(/domainName.*certificateArn/);
    expect(() => readStageContext(node({ ...base, domainName: 'api.roadcall.app' }))).toThrow(/certificateArn/);
    expect(() => synthStage('prod', { context: { domainName: undefined } })).toThrow(/domainName/);
    const given = readStageContext(
      node({ ...base, domainName: 'api.roadcall.app', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' }),
    );
    expect(given.domain).toEqual({ name: 'api.roadcall.app', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' });
  });

  it('serves viewers TLS 1.2 or newer only', () => {
    const distributions = synthStage('prod').templates.edge.findResources('AWS::CloudFront::Distribution');
    for (const { Properties } of Object.values(distributions) as Array<{ Properties: { DistributionConfig: Record<string, unknown> } }>) {
      expect(Properties.DistributionConfig.ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021' });
    }
  });
});

describe('the execute-api endpoint', () => {
  type Json = Record<string, unknown>;
  type Template = {
    Resources: Record<string, { Type: string; Properties?: Json }>;
    Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  };
  const ofType = (template: Template, type: string) =>
    Object.entries(template.Resources).filter(([, resource]) => resource.Type === type) as Array<[string, { Properties: Json }]>;
  /** `{{resolve:secretsmanager:<X>:SecretString:::}}` built with Fn::Join: returns X (the secret's reference). */
  const secretReference = (value: unknown): unknown => {
    const parts = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [];
    expect(parts[0]).toBe('{{resolve:secretsmanager:');
    expect(parts[2]).toBe(':SecretString:::}}');
    return parts[1];
  };

  it.each(['dev', 'staging', 'prod'] as const)('%s: cannot be reached without the CloudFront path', (stage) => {
    const synth = synthStage(stage);
    const api = synth.templates.api.toJSON() as Template;
    const edge = synth.templates.edge.toJSON() as Template;

    // The stage's web ACL: block by default, allow only the origin header holding the secret.
    const acls = ofType(api, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0] as [string, { Properties: Json }];
    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Block: {} } });
    const rules = acl.Properties.Rules as Array<{ Action: Json; Statement: Json }>;
    expect(rules).toHaveLength(1);
    const match = rules[0]?.Statement.ByteMatchStatement as Json;
    expect(rules[0]?.Action).toEqual({ Allow: {} });
    expect(match).toMatchObject({ FieldToMatch: { SingleHeader: { Name: ORIGIN_VERIFY_HEADER } }, PositionalConstraint: 'EXACTLY' });
    const secretRef = secretReference(match.SearchString) as { Ref: string };
    expect(api.Resources[secretRef.Ref]?.Type).toBe('AWS::SecretsManager::Secret');
    expect(api.Resources[secretRef.Ref]?.Properties?.GenerateSecretString).toBeDefined();

    // Associated with every stage of the REST API (there is one).
    const [[restApiId]] = ofType(api, 'AWS::ApiGateway::RestApi') as [[string, unknown]];
    const stages = ofType(api, 'AWS::ApiGateway::Stage');
    expect(stages).toHaveLength(1);
    const [stageId] = stages[0] as [string, unknown];
    const associations = ofType(api, 'AWS::WAFv2::WebACLAssociation');
    expect(associations).toHaveLength(1);
    const association = associations[0]?.[1].Properties as Json;
    expect(association.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    const arn = JSON.stringify(association.ResourceArn);
    expect(arn).toContain(':apigateway:');
    expect(arn).toContain(`/restapis/",{"Ref":"${restApiId}"},"/stages/",{"Ref":"${stageId}"}`);

    // Refused requests get the JSON error body.
    const responses = ofType(api, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    expect(responses.find((r) => r.ResponseType === 'WAF_FILTERED')).toMatchObject({
      StatusCode: '403',
      ResponseTemplates: { 'application/json': expect.stringContaining('"code":"FORBIDDEN"') },
    });

    // Every distribution origin that is the API sends that same secret in that header.
    const exported = new Map(
      Object.values(api.Outputs ?? {}).flatMap((output) =>
        output.Export ? [[JSON.stringify(output.Export.Name), output.Value] as const] : [],
      ),
    );
    const [[, distribution]] = ofType(edge, 'AWS::CloudFront::Distribution') as [[string, { Properties: Json }]];
    const origins = (distribution.Properties.DistributionConfig as { Origins: Json[] }).Origins;
    const apiOrigins = origins.filter((origin) => JSON.stringify(origin.DomainName).includes('.execute-api.'));
    expect(apiOrigins.length).toBeGreaterThanOrEqual(2); // the API and its streaming twin
    for (const origin of apiOrigins) {
      const headers = origin.OriginCustomHeaders as Array<{ HeaderName: string; HeaderValue: unknown }>;
      expect(headers.map((h) => h.HeaderName)).toEqual([ORIGIN_VERIFY_HEADER]);
      const imported = secretReference(headers[0]?.HeaderValue) as { 'Fn::ImportValue': unknown };
      expect(exported.get(JSON.stringify(imported['Fn::ImportValue']))).toEqual(secretRef);
    }
  });
});
