import { synthStage } from './support/synth';

/**
 * cdk-nag AwsSolutions over the whole app: the synth throws ("Validation failed") on any
 * unacknowledged error, so a clean synth is the assertion. Each acknowledgement carries a reason
 * (lib/nag/acknowledgements.ts); the report in the assembly lists them.
 */
describe('cdk-nag AwsSolutions', () => {
  for (const stage of ['dev', 'staging', 'prod']) {
    it(`${stage}: zero unacknowledged findings`, () => {
      expect(() => synthStage(stage, { nag: true })).not.toThrow();
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
