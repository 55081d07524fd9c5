/**
 * @roadcall/contracts: the one source of truth. Plain data that the CDK app, the local stack and
 * the handlers all read. No AWS imports.
 */
export * from './bundling';
export * from './cache';
export * from './deploy';
export * from './env';
export * from './errors';
export * from './events';
export * from './flags';
export * from './invocables';
export * from './keyspaces';
export * from './queues';
export * from './redis';
export * from './routes';
export * from './schedules';
export * from './services';
export * from './streaming';
export * from './tables';
export type * from './types';
export * from './warmer';

/** Local physical name of a resource: `roadcall-<stage>-<name>`. CDK generates its own. */
export function localResourceName(stage: string, name: string): string {
  return `roadcall-${stage}-${name}`;
}
