import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The integration-cluster project runs every integration suite but those jest/clusterSuites.js
 * leaves out, each with its reason: this keeps the list true (no stale paths, no reasonless
 * entries) and the two projects' suites the same otherwise.
 */
const root = join(__dirname, '..', '..');
const { CLUSTER_EXCLUDED } = require('../clusterSuites.js') as { CLUSTER_EXCLUDED: Record<string, string> };
type Project = { displayName: string; testMatch: string[]; testPathIgnorePatterns?: string[] };
const projects = (require('../../jest.config.js') as { projects: Project[] }).projects;
const project = (name: string): Project => projects.find((candidate) => candidate.displayName === name) as Project;
const ignored = (of: Project, path: string): boolean =>
  (of.testPathIgnorePatterns ?? []).some((pattern) => new RegExp(pattern.replace('<rootDir>', root)).test(join(root, path)));

it('runs the same suites as the integration project', () => {
  expect(project('integration-cluster').testMatch).toEqual(project('integration').testMatch);
});

it.each(Object.entries(CLUSTER_EXCLUDED))('leaves out %s (%s), an integration suite', (path, reason) => {
  expect(reason.trim()).not.toBe('');
  expect(existsSync(join(root, path))).toBe(true);
  expect(ignored(project('integration'), path)).toBe(false);
  expect(ignored(project('integration-cluster'), path)).toBe(true);
});

it('runs the cluster-only suites and the rest of the integration suite', () => {
  const cluster = project('integration-cluster');
  for (const path of [
    'services/incidents-svc/tests/integration/failover.cluster.test.ts',
    'services/incidents-svc/tests/integration/incidents.test.ts',
    'tests/docs/walkthrough.test.ts',
  ])
    expect(ignored(cluster, path)).toBe(false);
  expect(ignored(project('integration'), 'services/incidents-svc/tests/integration/failover.cluster.test.ts')).toBe(true);
});

it('says "of its own" only of suites that spawn a standalone redis-server themselves', () => {
  // Such a suite talks to its own server whatever the project: on the cluster it would only run twice.
  const standalone = (path: string): boolean => readFileSync(join(root, path), 'utf8').includes('spawnRedisServer(');
  const ownServer = Object.entries(CLUSTER_EXCLUDED).filter(([, reason]) => reason.includes('redis-server of its own'));
  expect(ownServer.length).toBeGreaterThan(0);
  expect(ownServer.map(([path]) => path).filter((path) => !standalone(path))).toEqual([]);
});
