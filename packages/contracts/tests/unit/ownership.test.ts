import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { allFunctions, BUCKETS, type FunctionDefinition, LIVE_EVENTS, QUEUES, REDIS_KEYSPACES, SERVICES, TABLES } from '../../src';

const root = join(__dirname, '../../../..');

/** Every .ts file under a directory. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A service package's public modules: its package.json `exports`, as import specifiers. */
function publicModules(service: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'services', `${service}-svc`, 'package.json'), 'utf8')) as {
    exports: Record<string, string>;
  };
  return Object.keys(pkg.exports).map((key) => `@roadcall/${service}-svc${key.slice(1)}`);
}

/**
 * Imports of one service's code from another service's or package's source that bypass the owner's
 * public modules: a subpath its package does not export, or a relative path into its folder.
 */
function privateImports(): string[] {
  const found: string[] = [];
  const dirs = [...SERVICES.map((service) => join(root, 'services', `${service}-svc`, 'src')), join(root, 'packages')];
  for (const file of dirs.flatMap((dir) => sources(dir))) {
    if (file.includes(`${join('packages', 'contracts')}`) || /\/tests?\//.test(relative(root, file))) continue;
    const own = /services\/([a-z]+)-svc\//.exec(relative(root, file))?.[1];
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
      const target = specifier?.startsWith('.')
        ? /services\/([a-z]+)-svc\//.exec(`${relative(root, resolve(dirname(file), specifier))}/`)?.[1]
        : /^@roadcall\/([a-z]+)-svc(\/|$)/.exec(specifier ?? '')?.[1];
      if (!target || target === own) continue;
      if (specifier?.startsWith('.') || !publicModules(target).includes(specifier as string))
        found.push(`${relative(root, file)} imports ${specifier}`);
    }
  }
  return found;
}

/** A write declared by a function of a service that does not own the resource. */
interface Violation {
  readonly fn: string;
  readonly kind: 'table' | 'queue' | 'bucket' | 'keyspace';
  readonly resource: string;
  readonly access: string;
}

const WRITES = new Set(['write', 'readwrite']);

/** Every write (table/bucket/keyspace write or readwrite, queue consume) a function declares outside its service's own resources. */
function ownershipViolations(functions: ReadonlyArray<FunctionDefinition>): Violation[] {
  const found: Violation[] = [];
  for (const fn of functions) {
    for (const use of fn.uses.tables ?? []) {
      const owner = (TABLES as Record<string, { owner: string }>)[use.table]?.owner;
      if (WRITES.has(use.access) && owner !== fn.service) found.push({ fn: fn.id, kind: 'table', resource: use.table, access: use.access });
    }
    for (const use of fn.uses.buckets ?? []) {
      const owner = (BUCKETS as Record<string, { owner: string }>)[use.bucket]?.owner;
      if (WRITES.has(use.access) && owner !== fn.service)
        found.push({ fn: fn.id, kind: 'bucket', resource: use.bucket, access: use.access });
    }
    for (const use of fn.uses.keyspaces ?? []) {
      const owner = (REDIS_KEYSPACES as Record<string, { owner: string }>)[use.keyspace]?.owner;
      if (WRITES.has(use.access) && owner !== fn.service)
        found.push({ fn: fn.id, kind: 'keyspace', resource: use.keyspace, access: use.access });
    }
    // Sending is how any service asks the owner; consuming (receive, delete) is the owner's alone.
    for (const use of fn.uses.queues ?? []) {
      const owner = (QUEUES as Record<string, { owner: string }>)[use.queue]?.owner;
      if (use.access === 'consume' && owner !== fn.service)
        found.push({ fn: fn.id, kind: 'queue', resource: use.queue, access: use.access });
    }
  }
  return found;
}

describe('ownership: one owner per table, queue, bucket and Redis keyspace', () => {
  it('names an owning service for every resource', () => {
    const resources = [...Object.values(TABLES), ...Object.values(QUEUES), ...Object.values(BUCKETS), ...Object.values(REDIS_KEYSPACES)];
    for (const resource of resources)
      expect({ resource: resource.name, owner: SERVICES.includes(resource.owner) }).toEqual({ resource: resource.name, owner: true });
  });

  it('declares only keyspaces that exist', () => {
    for (const fn of allFunctions())
      for (const use of fn.uses.keyspaces ?? []) expect(Object.keys(REDIS_KEYSPACES)).toContain(use.keyspace);
  });

  it("names, for a keyspace others write through a module of the owner's, a public module of that owner", () => {
    const viaOwner = Object.values(REDIS_KEYSPACES).filter((keyspace) => 'via' in keyspace && /-svc(\/|$)/.test(keyspace.via));
    expect(viaOwner.map((keyspace) => keyspace.name)).toContain('live-events');
    for (const keyspace of viaOwner) {
      const via = (keyspace as { via: string }).via;
      expect({ keyspace: keyspace.name, via, owner: via.startsWith(`@roadcall/${keyspace.owner}-svc`) }).toEqual({
        keyspace: keyspace.name,
        via,
        owner: true,
      });
      expect(publicModules(keyspace.owner)).toContain(via);
    }
  });

  it("finds no service code importing another service's internals (the live events producers use @roadcall/platform-svc/events)", () => {
    expect(privateImports()).toEqual([]);
    const producers = ['jobs', 'payments'].flatMap((service) =>
      sources(join(root, 'services', `${service}-svc`, 'src')).filter((file) =>
        readFileSync(file, 'utf8').includes("'@roadcall/platform-svc/events'"),
      ),
    );
    expect(producers.length).toBeGreaterThanOrEqual(2);
  });

  it("finds no service building keys of another service's keyspace (rc:<stage>:<prefix>)", () => {
    const found: string[] = [];
    for (const service of SERVICES) {
      for (const file of sources(join(root, 'services', `${service}-svc`, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const keyspace of Object.values(REDIS_KEYSPACES)) {
          if (keyspace.owner === service) continue;
          // The prefix literally, or (the live events) through the contract constant.
          const built = [`rc:\${stage()}:${keyspace.prefix}`];
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, searched for as such
          if (keyspace.prefix === LIVE_EVENTS.keyPrefix) built.push('rc:${stage()}:${LIVE_EVENTS.keyPrefix}');
          for (const pattern of built) if (text.includes(pattern)) found.push(`${relative(root, file)} builds ${keyspace.name} keys`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('lets only the owner consume each queue (its contract consumer)', () => {
    for (const queue of Object.values(QUEUES))
      expect({ queue: queue.name, consumer: queue.consumer.service }).toEqual({ queue: queue.name, consumer: queue.owner });
  });

  it('finds no function declaring write access to another service’s resource', () => {
    expect(ownershipViolations(allFunctions())).toEqual([]);
  });

  it('catches a non-owner write of each kind (the check can fail)', () => {
    const intruder: FunctionDefinition = {
      id: 'tracking.intruder',
      service: 'tracking',
      handler: 'intruder',
      entry: 'services/tracking-svc/src/handlers/intruder.ts',
      warm: false,
      triggers: [],
      uses: {
        tables: [
          { table: 'incidents', access: 'write' },
          { table: 'incidents', access: 'read' },
        ],
        buckets: [{ bucket: 'exports', access: 'readwrite' }],
        keyspaces: [
          { keyspace: 'incidents', access: 'readwrite' },
          { keyspace: 'tracking', access: 'readwrite' },
        ],
        queues: [
          { queue: 'incidentMatching', access: 'consume' },
          { queue: 'incidentMatching', access: 'send' },
        ],
      },
    };
    expect(ownershipViolations([intruder])).toEqual([
      { fn: 'tracking.intruder', kind: 'table', resource: 'incidents', access: 'write' },
      { fn: 'tracking.intruder', kind: 'bucket', resource: 'exports', access: 'readwrite' },
      { fn: 'tracking.intruder', kind: 'keyspace', resource: 'incidents', access: 'readwrite' },
      { fn: 'tracking.intruder', kind: 'queue', resource: 'incidentMatching', access: 'consume' },
    ]);
  });

  it('never marks a scheduled function, consumer or deploy trigger warm (their wrappers run every event)', () => {
    for (const fn of allFunctions()) {
      if (fn.triggers.every((trigger) => trigger.kind !== 'route'))
        expect({ fn: fn.id, warm: fn.warm }).toEqual({ fn: fn.id, warm: false });
    }
  });
});
