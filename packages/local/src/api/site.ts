import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A non-API answer of the local server: the dashboard's static files and /openapi.json. */
export interface SiteAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
}

/** Consulted for GET/HEAD requests no contract route matches (API routes always win). */
export type StaticSite = (pathname: string) => Promise<SiteAnswer | undefined>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface LocalSiteOptions {
  /** The dashboard's built files (packages/dashboard/dist). */
  readonly dashboardDir: string;
  /** The dashboard's config.json (the API URL, the demo tokens locally). */
  readonly config: () => unknown;
  /** The OpenAPI document served at /openapi.json (built once, on first request). */
  readonly openapi: () => unknown;
}

/**
 * What CloudFront's static origin serves in AWS, served by `pnpm dev`: `/dashboard/*` from the
 * dashboard build, `/openapi.json`, and `/` redirecting to the dashboard. File names are plain
 * (no slashes, no dot-dot): nothing outside the build folder can be read.
 */
export function localSite(options: LocalSiteOptions): StaticSite {
  let openapi: string | undefined;
  return async (pathname): Promise<SiteAnswer | undefined> => {
    if (pathname === '/' || pathname === '/dashboard') return { status: 302, headers: { Location: '/dashboard/' }, body: '' };
    if (pathname === '/openapi.json') {
      openapi ??= JSON.stringify(options.openapi());
      return { status: 200, headers: { 'Content-Type': TYPES['.json'] as string, 'Access-Control-Allow-Origin': '*' }, body: openapi };
    }
    if (!pathname.startsWith('/dashboard/')) return undefined;
    const name = pathname.slice('/dashboard/'.length) || 'index.html';
    if (name === 'config.json')
      return {
        status: 200,
        headers: { 'Content-Type': TYPES['.json'] as string, 'Cache-Control': 'no-store' },
        body: JSON.stringify(options.config()),
      };
    if (!/^[\w-]+(\.[\w-]+)*$/.test(name)) return undefined;
    const body = await readFile(join(options.dashboardDir, name)).catch(() => undefined);
    if (!body) return undefined;
    const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
    return { status: 200, headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' }, body };
  };
}
