import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuildOptions, buildRoadcall, type RoadcallStacks } from '../../lib/app';
import { removeBundleScratch } from '../../lib/constructs/function-bundles';

/** The context of cdk.json: tests synthesise exactly what `pnpm synth` does, minus bundling. */
function cdkJsonContext(): Record<string, unknown> {
  const file = path.resolve(__dirname, '..', '..', '..', 'cdk.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { context: Record<string, unknown> }).context;
}

const outdirs: string[] = [];

/** Staging and prod refuse to synthesise without an SES sending domain (stages.ts): the tests give one. */
const TEST_CONTEXT: Record<string, Record<string, string>> = {
  staging: { sesDomain: 'staging.mail.roadcall.app' },
  prod: {
    sesDomain: 'mail.roadcall.app',
    domainName: 'api.roadcall.app',
    certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
  },
};

/** Deletes the assemblies this process synthesised (call in afterAll). */
export function removeSynthOutputs(): void {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  removeBundleScratch();
}

export interface Synthesized {
  readonly stacks: RoadcallStacks;
  readonly app: App;
  /** Templates by short stack name: network, data, cache, api, edge, waf, monitoring. */
  readonly templates: Readonly<Record<keyof Omit<RoadcallStacks, 'config'>, Template>>;
}

/** The alarm address tests deploy with (prod refuses to synthesise without one); a context `alarmEmail: undefined` removes it. */
export function testAlarmEmail(stage: string): string {
  return `oncall+${stage}@roadcall.example`;
}

/**
 * Builds and synthesises one stage without bundling (`aws:cdk:bundling-stacks: []`), with
 * placeholders for handlers not written yet, so the tests do not depend on other services' code.
 */
export function synthStage(stage: string, options: Omit<BuildOptions, 'stage'> & { context?: Record<string, unknown> } = {}): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadcall-cdk-'));
  outdirs.push(outdir);
  const app = new App({
    context: {
      ...cdkJsonContext(),
      'aws:cdk:bundling-stacks': [],
      stage,
      alarmEmail: testAlarmEmail(stage),
      ...TEST_CONTEXT[stage],
      ...options.context,
    },
    outdir,
  });
  const stacks = buildRoadcall(app, { nag: false, allowMissingHandlers: true, ...options });
  const assembly = app.synth();
  const template = (name: keyof Omit<RoadcallStacks, 'config'>): Template =>
    Template.fromJSON(assembly.getStackByName(stacks[name].stackName).template);
  return {
    stacks,
    app,
    templates: {
      network: template('network'),
      data: template('data'),
      cache: template('cache'),
      api: template('api'),
      edge: template('edge'),
      waf: template('waf'),
      monitoring: template('monitoring'),
    },
  };
}

/** Replaces values that change with unrelated edits (asset hashes) so snapshots stay stable. */
export function stableTemplate(template: Template): unknown {
  const json = JSON.stringify(template.toJSON());
  return JSON.parse(json.replace(/[0-9a-f]{64}/g, '<hash>'));
}
