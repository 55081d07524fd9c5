/**
 * Smoke check of the load-test files (no load, no stack): every profile parses, has phases and
 * thresholds for both environments, the full mix has the source systems' weights and Roadcall's
 * local targets, every hook the YAML names exists, local tokens verify as the stack's, and the
 * report's threshold evaluator agrees with Artillery's ensure semantics.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyLocalToken } from '@roadcall/local/src/auth/tokens';

// js-yaml ships no types; Artillery parses the same files with it.
const yaml: { load(text: string): unknown } = require('js-yaml');
const dir = join(__dirname, '..', '..');
// biome-ignore lint/suspicious/noExplicitAny: plain CommonJS helpers, loaded as Artillery does
const helpers: any = require(join(dir, 'test-helpers.js'));
const { evaluateConditions } = require(join(dir, 'report', 'conditions.js'));

// biome-ignore lint/suspicious/noExplicitAny: YAML documents
type Doc = any;
const load = (file: string): Doc => yaml.load(readFileSync(join(dir, file), 'utf8'));
const PROFILES = ['full', 'light', 'medium', 'heavy', 'ramp', 'spike'];

/** What Artillery runs for a profile: the base merged with the profile file (see run-load-test.sh). */
function script(profile: string): Doc {
  if (profile === 'incidents') return load('incident-load-test.yml');
  const base = load('artillery-config.yml');
  const extra = load(join('profiles', `${profile}.yml`));
  return { ...base, config: { ...base.config, ...extra.config, environments: extra.config.environments } };
}

const conditionsOf = (doc: Doc, env: string): string[] =>
  doc.config.environments[env].ensure.conditions.map((c: { expression: string }) => c.expression);

describe('load-test profiles', () => {
  it('has a file for every profile the run script accepts', () => {
    expect(readdirSync(join(dir, 'profiles')).sort()).toEqual(PROFILES.map((p) => `${p}.yml`).sort());
    const runScript = readFileSync(join(dir, 'run-load-test.sh'), 'utf8');
    for (const profile of [...PROFILES, 'incidents']) expect(runScript).toContain(profile);
  });

  it('keeps phases and thresholds out of the shared config, so profiles never merge into them', () => {
    const base = load('artillery-config.yml');
    expect(base.config.phases).toBeUndefined();
    expect(base.config.ensure).toBeUndefined();
  });

  it.each([...PROFILES, 'incidents'])('%s has phases and strict local and deployed thresholds', (profile) => {
    const doc = script(profile);
    expect(doc.config.phases.length).toBeGreaterThan(0);
    for (const env of ['local', 'deployed']) {
      const conditions = doc.config.environments[env].ensure.conditions;
      expect(conditions.length).toBeGreaterThanOrEqual(3);
      for (const condition of conditions) expect(condition.strict).toBe(true);
      expect(conditionsOf(doc, env).some((c) => c.startsWith('vusers.failed'))).toBe(true);
    }
    expect(conditionsOf(doc, 'deployed')).toEqual(expect.arrayContaining(['http.response_time.p95 < 300', 'http.response_time.p99 < 500']));
  });

  it('runs the full mix at 500 req/s for 60 s against Roadcall’s local targets', () => {
    const doc = script('full');
    expect(doc.config.phases).toEqual([{ name: 'full mix at 500 req/s', duration: 60, arrivalRate: 500 }]);
    expect(conditionsOf(doc, 'local')).toEqual(['http.response_time.p95 <= 25', 'http.response_time.p99 <= 50', 'vusers.failed == 0']);
    const weights = Object.fromEntries(doc.scenarios.map((s: Doc) => [s.name, s.weight]));
    expect(weights).toEqual({ 'create incident': 40, 'vendor search': 30, 'vendor profile': 20, 'location update': 10 });
  });

  it('sends 1,000 incidents in the incidents profile, with the source systems’ incident thresholds deployed', () => {
    const doc = script('incidents');
    expect(doc.config.phases.reduce((sum: number, p: Doc) => sum + (p.arrivalCount ?? 0), 0)).toBe(1000);
    expect(conditionsOf(doc, 'deployed')).toEqual(
      expect.arrayContaining(['roadcall.incident.time_to_offer.p95 < 5000', 'roadcall.incident.time_to_offer.p99 < 10000']),
    );
  });

  it('names only hooks that test-helpers.js exports', () => {
    for (const doc of [load('artillery-config.yml'), load('incident-load-test.yml')]) {
      const names = new Set<string>(doc.before.flow.map((step: Doc) => step.function));
      for (const scenario of doc.scenarios) {
        for (const hook of ['beforeScenario', 'afterResponse', 'onError']) if (scenario[hook]) names.add(scenario[hook]);
        for (const step of scenario.flow) {
          if (step.function) names.add(step.function);
          const request = step.get ?? step.post ?? step.put;
          if (request?.beforeRequest) names.add(request.beforeRequest);
        }
      }
      for (const name of names) expect(typeof helpers[name]).toBe('function');
    }
  });
});

describe('test-helpers', () => {
  it('mints tokens the local stack accepts, with the claims signLocalToken sets', async () => {
    const secret = 'a-test-secret-of-enough-length-0123456789';
    const token = helpers.signLocalToken(
      { userId: 'user-vendor-000042', email: 'v@roadcall.local', roles: ['vendor'], vendorId: 'vendor-000042' },
      secret,
    );
    const claims = await verifyLocalToken(token, secret);
    expect(claims).toMatchObject({ sub: 'user-vendor-000042', 'cognito:groups': 'vendor', 'custom:vendorId': 'vendor-000042' });
    await expect(verifyLocalToken(token, `${secret}x`)).rejects.toThrow();
  });

  it('scatters points around the metro centres', () => {
    const metro = helpers.METROS[0];
    for (let i = 0; i < 200; i += 1) {
      const { lat, lon } = helpers.pointNear(metro);
      // 6 standard deviations of 25 km: ~1.4 degrees.
      expect(Math.abs(lat - metro.lat)).toBeLessThan(1.5);
      expect(Math.abs(lon - metro.lon)).toBeLessThan(2);
    }
  });
});

describe('report thresholds', () => {
  const aggregate = {
    counters: { 'vusers.failed': 3, 'vusers.created': 1000 },
    summaries: { 'http.response_time': { p95: 24.9, p99: 51 } },
  };

  it('evaluates each condition against the aggregate, as the ensure plugin does', () => {
    const results = evaluateConditions(
      [
        { expression: 'http.response_time.p95 <= 25' },
        { expression: 'http.response_time.p99 <= 50' },
        { expression: 'vusers.failed == 0' },
        { expression: 'vusers.failed <= vusers.created * 0.01' },
      ],
      aggregate,
    );
    expect(results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false, true]);
    expect(results[0]).toMatchObject({ metric: 'http.response_time.p95', limit: 25 });
  });

  it('fails a condition on a metric the run never recorded', () => {
    const [result] = evaluateConditions([{ expression: 'roadcall.incident.time_to_assigned.p95 <= 5000' }], aggregate);
    expect(result.ok).toBe(false);
  });
});
