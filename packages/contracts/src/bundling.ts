import { ENV } from './env';
import type { FunctionDefinition } from './services';
import { TABLES } from './tables';

/**
 * How every function is bundled: the esbuild settings CDK's NodejsFunction is given
 * (`infrastructure/lib/constructs/roadcall-function.ts`) and `pnpm bench coldstart` uses, kept in
 * one place so the bench measures exactly what deploys.
 *
 * @example
 * new NodejsFunction(this, 'Fn', {
 *   bundling: { externalModules: [...BUNDLING.externalModules], nodeModules: installedModules(definition) },
 * });
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
   * - `@amazon-dax-sdk/*` (~345 KB with antlr4): imported lazily, and only when `DAX_ENDPOINT` is
   *   set; installed beside the bundle of the functions that can reach DAX ({@link installedModules}).
   */
  externalModules: ['@aws-sdk/*', 'pg-native', '@amazon-dax-sdk/*'],
  /** Installed into `node_modules` beside the bundle of a function that uses a DAX table. */
  daxModules: ['@amazon-dax-sdk/lib-dax'],
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

/** True when a function uses a table marked `dax: true` (CDK then sets DAX_ENDPOINT for it). */
export function usesDaxTable(definition: Pick<FunctionDefinition, 'uses'>): boolean {
  return (definition.uses.tables ?? []).some((use) => (TABLES as Record<string, { dax?: boolean }>)[use.table]?.dax === true);
}

/**
 * The external modules installed beside a function's bundle (CDK `bundling.nodeModules`): the DAX
 * client for functions that use a DAX table, nothing for the rest.
 */
export function installedModules(definition: Pick<FunctionDefinition, 'uses'>): string[] {
  return usesDaxTable(definition) ? [...BUNDLING.daxModules] : [];
}
