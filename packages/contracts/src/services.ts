import { DEPLOY_TRIGGERS } from './deploy';
import { INVOCABLES } from './invocables';
import { QUEUES } from './queues';
import { ROUTES } from './routes';
import { SCHEDULES } from './schedules';
import type { FunctionSpec, ResourceUse, ServiceName } from './types';

/** Every service, each a workspace package at `services/<name>-svc`. */
export const SERVICES: ReadonlyArray<ServiceName> = ['vendors', 'incidents', 'tracking', 'payments', 'jobs', 'platform'];

/** A function's id: `<service>.<handler>`, its logical name in CDK and locally. */
export function functionId(spec: Pick<FunctionSpec, 'service' | 'handler'>): string {
  return `${spec.service}.${spec.handler}`;
}

/** A function's entry file, relative to the repository root. */
export function handlerEntry(spec: Pick<FunctionSpec, 'service' | 'handler'>): string {
  return `services/${spec.service}-svc/src/handlers/${spec.handler}.ts`;
}

/** What a function is for: routes, queue consumers, schedules and deploy triggers all end in one. */
export type FunctionTrigger =
  | { readonly kind: 'route'; readonly id: string }
  | { readonly kind: 'queue'; readonly queue: string }
  | { readonly kind: 'schedule'; readonly id: string }
  | { readonly kind: 'deploy'; readonly id: string }
  | { readonly kind: 'invoke'; readonly id: string };

/** A function with every trigger that reaches it and the union of the resources they declare. */
export interface FunctionDefinition {
  readonly id: string;
  readonly service: ServiceName;
  readonly handler: string;
  readonly entry: string;
  readonly uses: ResourceUse;
  readonly warm: boolean;
  /** Containers the warmer keeps warm; unset means the warmer's default. */
  readonly warmConcurrency?: number;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly triggers: ReadonlyArray<FunctionTrigger>;
}

function mergeUses(a: ResourceUse, b: ResourceUse | undefined): ResourceUse {
  if (!b) return a;
  const uniq = <T>(items: ReadonlyArray<T>, key: (item: T) => string): T[] => [...new Map(items.map((item) => [key(item), item])).values()];
  return {
    tables: uniq([...(a.tables ?? []), ...(b.tables ?? [])], (t) => `${t.table}:${t.access}`),
    queues: uniq([...(a.queues ?? []), ...(b.queues ?? [])], (q) => `${q.queue}:${q.access}`),
    buckets: uniq([...(a.buckets ?? []), ...(b.buckets ?? [])], (x) => `${x.bucket}:${x.access}`),
    keyspaces: uniq([...(a.keyspaces ?? []), ...(b.keyspaces ?? [])], (k) => `${k.keyspace}:${k.access}`),
    // A declared keyspace is a Redis connection.
    redis: Boolean(a.redis || b.redis || (a.keyspaces?.length ?? 0) > 0 || (b.keyspaces?.length ?? 0) > 0),
    database: Boolean(a.database || b.database),
    email: Boolean(a.email || b.email),
    invoke: Boolean(a.invoke || b.invoke),
    invokes: [...new Set([...(a.invokes ?? []), ...(b.invokes ?? [])])],
  };
}

/**
 * Every function in the contracts, deduplicated by id: a handler that serves a route and a queue
 * is one function with two triggers and the union of their resource uses.
 */
export function allFunctions(): FunctionDefinition[] {
  const byId = new Map<string, FunctionDefinition>();
  const add = (spec: FunctionSpec, trigger: FunctionTrigger): void => {
    const id = functionId(spec);
    const existing = byId.get(id);
    byId.set(id, {
      id,
      service: spec.service,
      handler: spec.handler,
      entry: handlerEntry(spec),
      uses: mergeUses(existing?.uses ?? {}, spec.uses),
      warm: Boolean(existing?.warm || spec.warm),
      warmConcurrency: Math.max(existing?.warmConcurrency ?? 0, spec.warmConcurrency ?? 0) || undefined,
      timeoutSeconds: Math.max(existing?.timeoutSeconds ?? 0, spec.timeoutSeconds ?? 0) || undefined,
      memoryMb: Math.max(existing?.memoryMb ?? 0, spec.memoryMb ?? 0) || undefined,
      triggers: [...(existing?.triggers ?? []), trigger],
    });
  };
  for (const route of ROUTES) add(route, { kind: 'route', id: route.id });
  for (const [key, queue] of Object.entries(QUEUES)) {
    if ('consumer' in queue && queue.consumer) add(queue.consumer, { kind: 'queue', queue: key });
  }
  for (const schedule of SCHEDULES) add(schedule.target, { kind: 'schedule', id: schedule.id });
  for (const trigger of DEPLOY_TRIGGERS) add(trigger.target, { kind: 'deploy', id: trigger.id });
  for (const invocable of INVOCABLES) add(invocable.target, { kind: 'invoke', id: invocable.id });
  return [...byId.values()];
}
