import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthStage } from './test/support/synth';
for (const stage of ['dev', 'prod']) {
  const { app, templates } = synthStage(stage, { nag: true });
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const nag = report.pluginReports.find((p: any) => p.pluginName === 'AwsSolutions');
  const counts = new Map<string, number>();
  for (const v of nag.suppressedViolations) {
    const key = `${v.ruleName}`;
    counts.set(key, (counts.get(key) ?? 0) + (v.violatingResources?.length ?? 1));
  }
  console.log(stage, JSON.stringify([...counts]));
  if (stage === 'dev') console.log(JSON.stringify(nag.suppressedViolations[0]).slice(0, 1500));
  // Resource * statements in api
  const res = templates.api.toJSON().Resources as Record<string, any>;
  const stars = new Set<string>();
  for (const r of Object.values(res))
    if (r.Type === 'AWS::IAM::Policy')
      for (const st of r.Properties.PolicyDocument.Statement)
        if (st.Resource === '*' || (Array.isArray(st.Resource) && st.Resource.includes('*'))) stars.add(JSON.stringify(st.Action));
  console.log(stage, 'stars', [...stars]);
}
