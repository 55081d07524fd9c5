import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type FunctionSpec, functionId, handlerEntry } from '@roadcall/contracts';
import type { Context } from 'aws-lambda';

/** Any Lambda handler: an API route, a queue consumer or a scheduled function. */
export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

/** Finds the function that serves a contract entry. */
export type HandlerResolver = (spec: Pick<FunctionSpec, 'service' | 'handler'>) => LambdaHandler;

/** The repository root: the nearest folder up from here that holds pnpm-workspace.yaml. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Could not find the repository root (pnpm-workspace.yaml)');
    dir = parent;
  }
  return dir;
}

/**
 * Loads handlers from their entry files (`services/<svc>-svc/src/handlers/<name>.ts`), the same
 * files CDK bundles, once each: module scope lives as long as a warm container would.
 */
export function moduleResolver(root: string = repoRoot()): HandlerResolver {
  const cache = new Map<string, LambdaHandler>();
  return (spec) => {
    const id = functionId(spec);
    const cached = cache.get(id);
    if (cached) return cached;
    const entry = join(root, handlerEntry(spec));
    // Loaded on demand, like a Lambda container's init: require keeps it synchronous and cached.
    const loaded = require(entry) as { handler?: LambdaHandler };
    if (typeof loaded.handler !== 'function') throw new Error(`${entry} does not export a function named "handler" (function ${id})`);
    cache.set(id, loaded.handler);
    return loaded.handler;
  };
}
