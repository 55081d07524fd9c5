import { App } from 'aws-cdk-lib';
import { readStageContext } from '../lib/config/context';
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
