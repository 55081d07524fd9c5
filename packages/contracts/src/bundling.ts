import { ENV } from './env';
import type { FunctionDefinition } from './services';
import { TABLES } from './tables';
import type { TableContract } from './types';

/**
 * How every function is bundled: the esbuild settings CDK's functions are built with
 * (`infrastructure/lib/constructs/function-bundles.ts`) and `pnpm bench coldstart` uses, kept in
 * one place so the bench measures exactly what deploys.
 *
 * @example
 * esbuild.build({ entryPoints, bundle: true, external: [...BUNDLING.externalModules], target: BUNDLING.target });
 */
export const BUNDLING = {
  /** The Lambda runtime (Node.js 22). */
  target: 'node22',
  format: 'cjs',
  minify: true,
  /**
   * Left out of every bundle:
   * - `@aws-sdk/*`: the Node.js 22 runtime ships SDK v3.
   * - `pg-native`: pg's optional native binding, never used.
   * - `@amazon-dax-sdk/*`: imported lazily, and only when `DAX_ENDPOINT` is set; it comes from the
   *   DAX layer ({@link DAX_LAYER}), attached to the functions that read through DAX only.
   */
  externalModules: ['@aws-sdk/*', 'pg-native', '@amazon-dax-sdk/*'],
} as const;

/**
 * The one Lambda layer that ships the DAX client: `nodejs/node_modules/<module>` (Lambda puts
 * `/opt/nodejs/node_modules` on the resolution path), built offline at synth from the installed
 * package as one self-contained esbuild bundle. Shipped once, not beside each function's bundle.
 */
export const DAX_LAYER = {
  module: '@amazon-dax-sdk/lib-dax',
  /** The workspace package that depends on it (its node_modules resolve the installed copy). */
  resolveFrom: 'services/vendors-svc',
} as const;

/**
 * esbuild `define` entries for a function (CDK `bundling.define`): `ENV.bundleWithoutRedis` /
 * `ENV.bundleWithoutPostgres` = `"true"` when its contract declares no `redis` / `database`. The
 * drivers test these constants before they load ioredis / pg, so esbuild drops a library the
 * contract does not declare (it does not bundle a `require` in a branch a `define` rules out).
 * Unbundled (tsx, jest, the local stack) they are unset and everything loads as usual. Never set
 * them at run time.
 *
 * @example
 * new NodejsFunction(this, 'Fn', { bundling: { define: bundleDefines(definition) } });
 */
export function bundleDefines(definition: Pick<FunctionDefinition, 'uses'>): Record<string, string> {
  const defines: Record<string, string> = {};
  if (!definition.uses.redis) defines[`process.env.${ENV.bundleWithoutRedis}`] = '"true"';
  if (!definition.uses.database) defines[`process.env.${ENV.bundleWithoutPostgres}`] = '"true"';
  return defines;
}

/**
 * True when the function reads `table` through DAX: the table is behind DAX for the function's
 * service (`TableContract.dax.services`). CDK then sets DAX_ENDPOINT and grants DAX for it.
 */
export function readsThroughDax(definition: Pick<FunctionDefinition, 'service'>, table: string): boolean {
  const dax = (TABLES as Record<string, TableContract>)[table]?.dax;
  return dax?.services.includes(definition.service) ?? false;
}

/**
 * True when a function reads some table through DAX: it needs the DAX layer and the VPC (DAX is
 * reachable only there).
 *
 * @example
 * usesDaxTable(allFunctions().find((fn) => fn.id === 'vendors.get')!); // true
 */
export function usesDaxTable(definition: Pick<FunctionDefinition, 'service' | 'uses'>): boolean {
  return (definition.uses.tables ?? []).some((use) => readsThroughDax(definition, use.table));
}

/**
 * True when a function must run in the VPC: it reaches Redis, Aurora or DAX, all of which live
 * only there. Nothing else earns a function a VPC (ENIs, no internet path without a NAT) and the
 * slower cold start that comes with it.
 */
export function needsVpc(definition: Pick<FunctionDefinition, 'service' | 'uses'>): boolean {
  return Boolean(definition.uses.redis || definition.uses.database || usesDaxTable(definition));
}
