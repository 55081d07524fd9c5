import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allFunctions,
  BUCKETS,
  CACHE_NAMESPACES,
  DEPLOY_TRIGGERS,
  ENV_VARS,
  functionId,
  QUEUES,
  ROUTES,
  SCHEDULES,
  TABLES,
} from '../../src';
import { renderReadmeSections } from '../../src/docs';

const root = join(__dirname, '..', '..', '..', '..');

/** Every .ts file under a folder, concatenated (small service trees). */
function readAllSource(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return readAllSource(path);
      return entry.name.endsWith('.ts') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

describe('the contracts are consistent', () => {
  it('gives every route a unique id and a unique method + path', () => {
    const ids = ROUTES.map((route) => route.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of ROUTES) expect(route.id).toBe(`${route.service}.${route.handler}`);
  });

  it('has a handler file exporting `handler` for every function', () => {
    for (const fn of allFunctions()) {
      const file = join(root, fn.entry);
      expect({ fn: fn.id, exists: existsSync(file) }).toEqual({ fn: fn.id, exists: true });
      expect(readFileSync(file, 'utf8')).toMatch(/export (const|async function|function) handler\b/);
    }
  });

  it('only references tables, queues and buckets that exist', () => {
    for (const fn of allFunctions()) {
      for (const use of fn.uses.tables ?? []) expect(Object.keys(TABLES)).toContain(use.table);
      for (const use of fn.uses.queues ?? []) expect(Object.keys(QUEUES)).toContain(use.queue);
      for (const use of fn.uses.buckets ?? []) expect(Object.keys(BUCKETS)).toContain(use.bucket);
    }
  });

  it('only references cache namespaces that exist', () => {
    const names: string[] = Object.values(CACHE_NAMESPACES).map((namespace) => namespace.name);
    for (const route of ROUTES) if (route.cache) expect(names).toContain(route.cache.namespace);
    for (const route of ROUTES)
      for (const name of route.readsCache ?? [])
        expect({ route: route.id, name, known: names.includes(name) }).toEqual({ route: route.id, name, known: true });
  });

  it('has every cache namespace read by a route (a declared, unused namespace is dead weight)', () => {
    const read = new Set(ROUTES.flatMap((route) => [...(route.cache ? [route.cache.namespace] : []), ...(route.readsCache ?? [])]));
    const unused = Object.values(CACHE_NAMESPACES)
      .map((namespace) => namespace.name)
      .filter((name) => !read.has(name));
    expect(unused).toEqual([]);
  });

  it("has every route that declares readsCache read those namespaces in its service's code", () => {
    // An honesty check on the declarations: the namespace's key or name appears in the service's source.
    for (const route of ROUTES) {
      for (const name of route.readsCache ?? []) {
        const [key] = Object.entries(CACHE_NAMESPACES).find(([, namespace]) => namespace.name === name) ?? [];
        const source = readAllSource(join(root, 'services', `${route.service}-svc`, 'src'));
        const mentions = source.includes(`getCache('${key}')`) || source.includes(`getCache('${name}')`);
        expect({ route: route.id, name, mentions }).toEqual({ route: route.id, name, mentions: true });
      }
    }
  });

  it('uses distinct env vars for distinct resources', () => {
    const vars = [...Object.values(TABLES), ...Object.values(QUEUES), ...Object.values(BUCKETS)].map((resource) => resource.envVar);
    expect(new Set(vars).size).toBe(vars.length);
    expect(vars.filter((name) => ENV_VARS.some((spec) => spec.name === name))).toEqual([]);
  });

  it('gives every schedule a valid EventBridge expression', () => {
    for (const schedule of SCHEDULES)
      expect(schedule.expression).toMatch(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/);
  });

  it('makes every deploy trigger a function of kind `deploy` (the migration among them), ids unique', () => {
    const ids = DEPLOY_TRIGGERS.map((trigger) => trigger.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = new Map(allFunctions().map((fn) => [fn.id, fn]));
    for (const trigger of DEPLOY_TRIGGERS) {
      const fn = byId.get(functionId(trigger.target));
      expect(fn?.triggers).toContainEqual({ kind: 'deploy', id: trigger.id });
      expect(fn?.warm).toBe(false);
    }
    expect(byId.get('payments.migrate')).toMatchObject({
      entry: 'services/payments-svc/src/handlers/migrate.ts',
      uses: expect.objectContaining({ database: true }),
      triggers: [{ kind: 'deploy', id: 'payments-migrate' }],
    });
  });

  it('keeps the README configuration table generated from the contracts (run `pnpm run docs`; plain `pnpm docs` is a pnpm built-in)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(renderReadmeSections(readme)).toBe(readme);
    for (const spec of ENV_VARS) expect(readme).toContain(`| \`${spec.name}\` |`);
  });
});
