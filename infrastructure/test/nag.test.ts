import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeSynthOutputs, synthStage } from './support/synth';

/**
 * cdk-nag AwsSolutions over the whole app: the synth throws ("Validation failed") on any
 * unacknowledged error, so a clean synth is the assertion. Each acknowledgement carries a reason
 * (lib/nag/acknowledgements.ts); the report in the assembly lists them.
 */
afterAll(removeSynthOutputs);

describe('cdk-nag AwsSolutions', () => {
  for (const stage of ['dev', 'staging', 'prod']) {
    it(`${stage}: zero unacknowledged findings, every acknowledgement with a reason`, () => {
      const { app, templates } = synthStage(stage, { nag: true });
      const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: Array<{
          pluginName: string;
          conclusion: string;
          violations: unknown[];
          suppressedViolations: Array<{ ruleName: string; reason?: string }>;
        }>;
      };
      const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
      expect(nag?.conclusion).toBe('success');
      expect(nag?.violations).toEqual([]);
      for (const acknowledged of nag?.suppressedViolations ?? []) expect(acknowledged.reason?.trim().length).toBeGreaterThan(20);

      // The WAF findings say what the templates hold: a web ACL on the distribution and one on
      // the API stage (OriginGuard), so neither CFR2 nor APIG3 needs an acknowledgement.
      const json = JSON.stringify(Object.values(templates).map((t) => t.toJSON()));
      expect(json).toContain('"WebACLId"');
      expect(json).toContain('AWS::WAFv2::WebACLAssociation');
      const reasons = (rule: string): Array<string | undefined> =>
        (nag?.suppressedViolations ?? []).filter((v) => v.ruleName === `AwsSolutions-${rule}`).map((v) => v.reason);
      expect(reasons('CFR2')).toEqual([]);
      expect(reasons('APIG3')).toEqual([]);
    });
  }

  it('fails the synth when a finding is not acknowledged (the check is live)', () => {
    // A bucket without the project's settings is an AwsSolutions error (S1, S10): the synth must fail.
    const { App, Stack, aws_s3: s3 } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
    const { Validations } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
    const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
    const app = new App();
    new s3.Bucket(new Stack(app, 'Probe'), 'Plain');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|Validation failed/);
  });
});
