import { IntrinsicError } from './errors';

/** What `resolveIntrinsics` asks of the template around a value. */
export interface IntrinsicContext {
  /** `Ref` of a resource, parameter or pseudo parameter. */
  ref(name: string): string;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** `Fn::ImportValue`: the value another stack exports under this name. */
  importValue(name: string): unknown;
  /** A dynamic reference `{{resolve:<service>:<reference>}}` inside a string. */
  dynamicReference(service: string, reference: string): string;
  /** `Condition` / `Fn::If`: whether a template condition holds. */
  condition(name: string): boolean;
  /** `Fn::FindInMap`. */
  findInMap(map: string, topKey: string, secondKey: string): unknown;
}

/** Removes the property or list item it is in (`Ref: AWS::NoValue`). */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

const DYNAMIC_REFERENCE = /\{\{resolve:([a-z-]+):([^}]+)\}\}/g;

function asString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicError(`${where} needs a string, got ${JSON.stringify(value)}`);
}

function single(value: Record<string, unknown>): [string, unknown] | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? [key, value[key]] : undefined;
}

/** `Fn::Sub`: `${Name}`, `${Resource.Attribute}` and `${!Literal}`. */
function substitute(template: string, variables: Record<string, unknown>, context: IntrinsicContext): string {
  return template.replace(/\$\{(!?)([^}]+)\}/g, (_all, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    if (name in variables) return asString(variables[name], `Fn::Sub variable ${name}`);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      return asString(context.getAtt(name.slice(0, dot), name.slice(dot + 1)), `Fn::Sub \${${name}}`);
    }
    return context.ref(name);
  });
}

function evaluate(name: string, argument: unknown, context: IntrinsicContext): unknown {
  const resolve = (value: unknown): unknown => resolveIntrinsics(value, context);
  switch (name) {
    case 'Ref':
      return context.ref(asString(argument, 'Ref'));
    case 'Fn::GetAtt': {
      const [logicalId, ...rest] = Array.isArray(argument)
        ? argument.map((part) => asString(resolve(part), 'Fn::GetAtt'))
        : asString(argument, 'Fn::GetAtt').split('.');
      return context.getAtt(logicalId as string, rest.join('.'));
    }
    case 'Fn::ImportValue':
      return context.importValue(asString(resolve(argument), 'Fn::ImportValue'));
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown];
      const values = resolve(parts);
      if (!Array.isArray(values)) throw new IntrinsicError('Fn::Join needs a list');
      return values.map((part) => asString(part, 'Fn::Join')).join(separator);
    }
    case 'Fn::Sub': {
      if (typeof argument === 'string') return substitute(argument, {}, context);
      const [template, variables] = argument as [string, Record<string, unknown>];
      return substitute(template, (resolve(variables) ?? {}) as Record<string, unknown>, context);
    }
    case 'Fn::Select': {
      const [index, list] = argument as [unknown, unknown];
      const values = resolve(list);
      if (!Array.isArray(values)) throw new IntrinsicError('Fn::Select needs a list');
      return values[Number(resolve(index))];
    }
    case 'Fn::Split': {
      const [separator, source] = argument as [string, unknown];
      return asString(resolve(source), 'Fn::Split').split(separator);
    }
    case 'Fn::Base64':
      return Buffer.from(asString(resolve(argument), 'Fn::Base64')).toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${context.ref('AWS::Region')}${zone}`);
    case 'Fn::FindInMap': {
      const [map, top, second] = (resolve(argument) as unknown[]).map((part) => asString(part, 'Fn::FindInMap'));
      return context.findInMap(map as string, top as string, second as string);
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
      return resolve(context.condition(condition) ? whenTrue : whenFalse);
    }
    case 'Condition':
      return context.condition(asString(argument, 'Condition'));
    case 'Fn::Equals': {
      const [left, right] = resolve(argument) as [unknown, unknown];
      return JSON.stringify(left) === JSON.stringify(right);
    }
    case 'Fn::Not':
      return !(resolve((argument as unknown[])[0]) as boolean);
    case 'Fn::And':
      return (argument as unknown[]).every((part) => resolve(part) === true);
    case 'Fn::Or':
      return (argument as unknown[]).some((part) => resolve(part) === true);
    default:
      throw new IntrinsicError(`${name} is not supported locally`);
  }
}

/**
 * Resolves every CloudFormation intrinsic function in a template value (Ref, Fn::GetAtt,
 * Fn::ImportValue, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If and the condition functions,
 * Fn::FindInMap, Fn::Base64, Fn::GetAZs) and the dynamic references (`{{resolve:...}}`) in the
 * strings it yields, against a context that knows the local resources.
 *
 * @example
 * resolveIntrinsics({ 'Fn::Join': ['', ['rediss://', { 'Fn::ImportValue': 'Cache:Host' }]] }, context);
 * // 'rediss://localhost'
 */
export function resolveIntrinsics(value: unknown, context: IntrinsicContext): unknown {
  if (typeof value === 'string') {
    return value.includes('{{resolve:')
      ? value.replace(DYNAMIC_REFERENCE, (_all, service: string, reference: string) => context.dynamicReference(service, reference))
      : value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => resolveIntrinsics(item, context)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const intrinsic = single(value as Record<string, unknown>);
  if (intrinsic) {
    const result = intrinsic[0] === 'Ref' && intrinsic[1] === 'AWS::NoValue' ? NO_VALUE : evaluate(intrinsic[0], intrinsic[1], context);
    return typeof result === 'string' ? resolveIntrinsics(result, context) : result;
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const result = resolveIntrinsics(item, context);
    if (result !== NO_VALUE) resolved[key] = result;
  }
  return resolved;
}
