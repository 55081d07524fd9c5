import type { IncomingHttpHeaders } from 'node:http';
import { AssemblyError } from './errors';
import type { AssemblyModel } from './model';

/** What a web ACL decides for one request. */
export type WafAction = 'allow' | 'block';

/** A regional web ACL associated with the served stage, compiled to a predicate over the request. */
export interface StageWebAcl {
  readonly name: string;
  evaluate(request: { readonly headers: IncomingHttpHeaders; readonly path: string }): WafAction;
}

type Json = Record<string, unknown>;
type Matcher = (request: { readonly headers: IncomingHttpHeaders; readonly path: string }) => boolean;

const POSITIONS: Record<string, (value: string, search: string) => boolean> = {
  EXACTLY: (value, search) => value === search,
  STARTS_WITH: (value, search) => value.startsWith(search),
  ENDS_WITH: (value, search) => value.endsWith(search),
  CONTAINS: (value, search) => value.includes(search),
};

const TRANSFORMS: Record<string, (value: string) => string> = {
  NONE: (value) => value,
  LOWERCASE: (value) => value.toLowerCase(),
};

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The statements the local runtime evaluates: byte matches on a header or the URI path, and their
 * negations and conjunctions. Anything else (managed rule groups, rate rules, IP sets) refuses to
 * start, so a web ACL is never silently weaker locally than in AWS.
 */
function compileStatement(statement: Json, where: string): Matcher {
  const [kind, body] = Object.entries(statement)[0] ?? [];
  const inner = (body ?? {}) as Json;
  switch (kind) {
    case 'ByteMatchStatement': {
      const field = inner.FieldToMatch as Json;
      const position = POSITIONS[String(inner.PositionalConstraint)];
      const transforms = ((inner.TextTransformations as Json[] | undefined) ?? [])
        .sort((a, b) => Number(a.Priority) - Number(b.Priority))
        .map((entry) => TRANSFORMS[String(entry.Type)]);
      if (!position || transforms.some((transform) => !transform) || typeof inner.SearchString !== 'string') {
        throw new AssemblyError(`${where}: ByteMatchStatement ${JSON.stringify(inner)} is not emulated`);
      }
      const search = inner.SearchString;
      const read = field.SingleHeader
        ? (request: Parameters<Matcher>[0]) => headerValue(request.headers, String((field.SingleHeader as Json).Name))
        : field.UriPath
          ? (request: Parameters<Matcher>[0]) => request.path
          : undefined;
      if (!read) throw new AssemblyError(`${where}: FieldToMatch ${Object.keys(field).join()} is not emulated`);
      return (request) => {
        const raw = read(request);
        // WAF matches nothing against a missing field.
        if (raw === undefined) return false;
        const value = transforms.reduce((text, transform) => (transform as (v: string) => string)(text), raw);
        return (position as (v: string, s: string) => boolean)(value, search);
      };
    }
    case 'NotStatement': {
      const negated = compileStatement(inner.Statement as Json, where);
      return (request) => !negated(request);
    }
    case 'AndStatement': {
      const all = (inner.Statements as Json[]).map((entry) => compileStatement(entry, where));
      return (request) => all.every((matcher) => matcher(request));
    }
    case 'OrStatement': {
      const any = (inner.Statements as Json[]).map((entry) => compileStatement(entry, where));
      return (request) => any.some((matcher) => matcher(request));
    }
    default:
      throw new AssemblyError(`${where}: ${kind ?? 'an empty statement'} is not emulated by the local runtime`);
  }
}

function actionOf(action: Json | undefined, where: string): WafAction | 'count' {
  if (action?.Allow) return 'allow';
  if (action?.Block) return 'block';
  if (action?.Count) return 'count';
  throw new AssemblyError(`${where}: action ${JSON.stringify(action)} is not emulated`);
}

/**
 * The regional web ACL associated with a REST API stage (`AWS::WAFv2::WebACLAssociation` whose
 * resource is `.../restapis/<api>/stages/<stage>`), compiled: rules in priority order, the first
 * matching Allow or Block decides, Count goes on, then the default action. None: undefined.
 *
 * @example
 * const acl = stageWebAcl(model, { stack, restApiId, stageName: 'dev' });
 * acl?.evaluate({ headers: req.headers, path: '/vendors' }); // 'allow' | 'block'
 */
export function stageWebAcl(
  model: AssemblyModel,
  api: { readonly stack: string; readonly restApiId: string; readonly stageName: string },
): StageWebAcl | undefined {
  const restApi = model.ref(api.stack, api.restApiId);
  const association = model.resourcesOfType('AWS::WAFv2::WebACLAssociation').find(({ stack, resource }) => {
    const arn = String(model.resolve(stack, resource.Properties?.ResourceArn ?? ''));
    return arn.endsWith(`/restapis/${restApi}/stages/${api.stageName}`);
  });
  if (!association) return undefined;
  const aclRef = association.resource.Properties?.WebACLArn as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const aclId = aclRef?.['Fn::GetAtt']?.[0];
  const acl = aclId
    ? model.resourcesOfType('AWS::WAFv2::WebACL').find((entry) => entry.stack === association.stack && entry.logicalId === aclId)
    : undefined;
  if (!acl) throw new AssemblyError(`${association.logicalId}: its WebACLArn does not name a web ACL of the same stack`);
  const properties = model.resolve(acl.stack, acl.resource.Properties ?? {}) as Json;
  const name = String(properties.Name ?? acl.logicalId);
  const rules = ((properties.Rules as Json[] | undefined) ?? [])
    .slice()
    .sort((a, b) => Number(a.Priority) - Number(b.Priority))
    .map((rule) => {
      const where = `web ACL ${name}, rule ${String(rule.Name)}`;
      return { matches: compileStatement(rule.Statement as Json, where), action: actionOf(rule.Action as Json, where) };
    });
  const fallback = actionOf(properties.DefaultAction as Json, `web ACL ${name}`);
  if (fallback === 'count') throw new AssemblyError(`web ACL ${name}: a default action must allow or block`);
  return {
    name,
    evaluate(request) {
      for (const rule of rules) {
        if (rule.action !== 'count' && rule.matches(request)) return rule.action;
      }
      return fallback;
    },
  };
}
