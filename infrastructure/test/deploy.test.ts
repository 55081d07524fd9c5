import { DEPLOY_TRIGGERS, functionId } from '@roadcall/contracts';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { buildRoadcall } from '../lib/app';
import { DEV_PLACEHOLDER_SENDER, sesSender, stageConfig } from '../lib/config/stages';
import { fnConstructId } from '../lib/stacks/api-stack';
import { removeSynthOutputs, type Synthesized, synthStage } from './support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

let dev: Synthesized;

afterAll(removeSynthOutputs);

beforeAll(() => {
  dev = synthStage('dev');
});

/** The logical id of a contract function's Lambda in the api template. */
function lambdaLogicalId(resources: Resources, id: string): string {
  const found = Object.entries(resources).find(
    ([logicalId, resource]) => resource.Type === 'AWS::Lambda::Function' && logicalId.startsWith(`${fnConstructId(id)}Fn`),
  );
  if (!found) throw new Error(`no Lambda for ${id}`);
  return found[0];
}

describe('deploy triggers (the PostgreSQL migration)', () => {
  it('declares payments.migrate as a deploy trigger that uses the database', () => {
    const migrate = DEPLOY_TRIGGERS.find((trigger) => functionId(trigger.target) === 'payments.migrate');
    expect(migrate?.target.uses?.database).toBe(true);
  });

  it('runs payments.migrate through a CDK trigger on every handler change, before the database functions change', () => {
    const resources = dev.templates.api.toJSON().Resources as Resources;
    const triggers = Object.entries(resources).filter(([, resource]) => resource.Type === 'Custom::Trigger');
    const migrateTriggers = triggers.filter(([, resource]) =>
      JSON.stringify(resource.Properties.HandlerArn).includes(`"${fnConstructId('payments.migrate')}FnCurrentVersion`),
    );
    expect(migrateTriggers).toHaveLength(1);
    expect(triggers).toHaveLength(DEPLOY_TRIGGERS.length);
    const migrateFn = lambdaLogicalId(resources, 'payments.migrate');
    const [triggerId, trigger] = migrateTriggers[0] ?? [undefined, undefined];
    expect(trigger?.Properties).toMatchObject({ InvocationType: 'RequestResponse', ExecuteOnHandlerChange: true, Timeout: '300000' });
    // The function it invokes has the database env and nothing else to reach PostgreSQL with.
    const environment = resources[migrateFn]?.Properties.Environment as { Variables: Record<string, unknown> } | undefined;
    const variables = environment?.Variables ?? {};
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['DATABASE_SECRET_ARN', 'DATABASE_HOST', 'DATABASE_NAME']));
    expect(variables.DATABASE_URL).toBeUndefined();
    // Every other database function waits for the migration: new code never meets an old schema.
    const databaseFns = ['payments.createPayment', 'payments.refreshAnalytics', 'payments.revenue'];
    for (const id of databaseFns) expect(resources[lambdaLogicalId(resources, id)]?.DependsOn).toContain(triggerId);
    expect(resources[lambdaLogicalId(resources, 'vendors.search')]?.DependsOn ?? []).not.toContain(triggerId);
  });

  it('deploys the api stack after the data stack (Aurora and RDS Proxy exist when the trigger runs)', () => {
    expect(dev.stacks.api.dependencies).toContain(dev.stacks.data);
  });
});

describe('SES sender (stage context)', () => {
  it('refuses to synthesise staging and prod without a sending domain', () => {
    for (const stage of ['staging', 'prod']) {
      const app = new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } });
      expect(() => buildRoadcall(app, { nag: false, allowMissingHandlers: true })).toThrow(/needs an SES sending domain you control/);
    }
  });

  it('refuses senders SES can never verify, and a From address outside the domain', () => {
    const context = (values: Record<string, string>) => (key: string) => values[key];
    expect(() => sesSender('prod', context({ sesDomain: 'roadcall.example' }))).toThrow(/reserved name/);
    expect(() => sesSender('prod', context({ sesFromEmail: 'me@gmail.com' }))).toThrow(/needs an SES sending domain/);
    expect(() => sesSender('dev', context({ sesFromEmail: 'no-reply@dev.roadcall.example' }))).toThrow(/reserved name/);
    expect(() => sesSender('dev', context({ sesFromEmail: 'not an address' }))).toThrow(/not an email address/);
    expect(() => sesSender('prod', context({ sesDomain: 'mail.roadcall.app', sesFromEmail: 'ops@other.org' }))).toThrow(/not at sesDomain/);
    expect(sesSender('prod', context({ sesDomain: 'Mail.Roadcall.app' }))).toEqual({
      fromEmail: 'no-reply@mail.roadcall.app',
      domain: 'mail.roadcall.app',
      placeholder: false,
    });
    expect(sesSender('dev', context({ sesFromEmail: 'me@gmail.com' }))).toEqual({ fromEmail: 'me@gmail.com', placeholder: false });
    expect(stageConfig('dev').ses).toEqual({ fromEmail: DEV_PLACEHOLDER_SENDER, placeholder: true });
  });

  it('uses the context sender for the identity and the functions, and publishes the DKIM records of a domain', () => {
    const prod = synthStage('prod', { context: { sesDomain: 'mail.roadcall.app', sesFromEmail: 'jobs@mail.roadcall.app' } });
    prod.templates.data.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.roadcall.app' });
    const outputs = Object.keys(prod.templates.data.findOutputs('*')).filter((key) => key.startsWith('SesDkimRecord'));
    expect(outputs).toHaveLength(3);
    prod.templates.api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SES_FROM_EMAIL: 'jobs@mail.roadcall.app' }) },
    });
  });

  it('warns at synth when dev has no sender (every send would fail)', () => {
    dev.templates.data.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: DEV_PLACEHOLDER_SENDER });
    const warnings = dev.app.node
      .findAll()
      .flatMap((node) => node.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:warning')
      .map((entry) => String(entry.data));
    expect(warnings.some((text) => text.includes('No SES sender given'))).toBe(true);
  });
});
