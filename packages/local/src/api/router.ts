import type { RouteContract } from '@roadcall/contracts';

/** What the router needs of a route: a method (or `ANY`) and a path template. */
export interface RoutePattern {
  readonly method: string;
  readonly path: string;
}

interface CompiledRoute<R extends RoutePattern> {
  readonly route: R;
  readonly pattern: RegExp;
  readonly paramNames: ReadonlyArray<string>;
  /** Static segments rank above parameters, as in API Gateway (`/vendors/search` before `/vendors/{id}`). */
  readonly specificity: number;
}

export interface RouteMatch<R extends RoutePattern = RouteContract> {
  readonly route: R;
  readonly pathParameters: Record<string, string> | null;
}

export type MatchResult<R extends RoutePattern = RouteContract> =
  | { kind: 'match'; match: RouteMatch<R> }
  | { kind: 'method-not-allowed'; allowed: Array<R['method']> }
  | { kind: 'not-found' }
  /** A path parameter that is not valid percent-encoding (`/vendors/%`, `/vendors/%E0%A4%A`). */
  | { kind: 'bad-encoding'; parameter: string };

/** `decodeURIComponent`, or undefined for malformed percent-encoding (which it throws on). */
function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function compile<R extends RoutePattern>(route: R): CompiledRoute<R> {
  const paramNames: string[] = [];
  const segments = route.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const param = /^\{(\w+)(\+)?\}$/.exec(segment);
      if (!param) return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      paramNames.push(param[1] as string);
      return param[2] ? '/(.+)' : '/([^/]+)';
    })
    .join('');
  const specificity = segments.reduce((score, segment) => score * 2 + (segment.startsWith('{') ? 0 : 1), 1);
  return { route, pattern: new RegExp(`^${source || '/'}/?$`), paramNames, specificity };
}

/** Matches request paths against route templates (the contracts', or a template's resources), as API Gateway REST does. */
export class Router<R extends RoutePattern = RouteContract> {
  readonly #routes: CompiledRoute<R>[];

  constructor(routes: ReadonlyArray<R>) {
    this.#routes = routes.map(compile).sort((a, b) => b.specificity - a.specificity);
  }

  /**
   * The most specific path template that matches decides the resource (as in API Gateway); the
   * method is then looked up on that resource only, so `DELETE /vendors/search` is a 405 even
   * though `/vendors/{id}` has a DELETE.
   */
  match(method: string, path: string): MatchResult<R> {
    let resource: string | undefined;
    let found: RegExpExecArray | null = null;
    const allowed: Array<R['method']> = [];
    for (const compiled of this.#routes) {
      if (resource !== undefined && compiled.route.path !== resource) continue;
      const candidate = compiled.pattern.exec(path);
      if (!candidate) continue;
      resource = compiled.route.path;
      found = candidate;
      if (compiled.route.method !== method && compiled.route.method !== 'ANY') {
        allowed.push(compiled.route.method);
        continue;
      }
      let pathParameters: Record<string, string> | null = null;
      if (compiled.paramNames.length > 0) {
        const entries: Array<[string, string]> = [];
        for (const [index, name] of compiled.paramNames.entries()) {
          const value = decodeSegment(candidate[index + 1] as string);
          if (value === undefined) return { kind: 'bad-encoding', parameter: name };
          entries.push([name, value]);
        }
        pathParameters = Object.fromEntries(entries);
      }
      return { kind: 'match', match: { route: compiled.route, pathParameters } };
    }
    return found ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
