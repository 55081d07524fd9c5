import type { PolicyStatement, RequestContext } from '../types';
import { arnMatch, globMatch } from './wildcard';

type ConditionValues = string[];
/** Compares one request value with the policy's values for a key: true when one of them matches. */
type Comparator = (actual: string, expected: ConditionValues) => boolean;

const any =
  (test: (actual: string, expected: string) => boolean): Comparator =>
  (actual, expected) =>
    expected.some((value) => test(actual, value));
const none =
  (test: (actual: string, expected: string) => boolean): Comparator =>
  (actual, expected) =>
    !expected.some((value) => test(actual, value));

const number = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
const date = (value: string): number => (/^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value));
const numeric = (test: (a: number, b: number) => boolean) => any((a, b) => test(number(a), number(b)));
const dated = (test: (a: number, b: number) => boolean) => any((a, b) => test(date(a), date(b)));

/**
 * The condition operators the gate evaluates. Negated operators (`StringNotEquals`...) are true
 * when none of the values match, and, as in IAM, when the key is absent from the request.
 */
const OPERATORS: Record<string, { compare: Comparator; negated: boolean }> = {
  StringEquals: { compare: any((a, b) => a === b), negated: false },
  StringNotEquals: { compare: none((a, b) => a === b), negated: true },
  StringEqualsIgnoreCase: { compare: any((a, b) => a.toLowerCase() === b.toLowerCase()), negated: false },
  StringNotEqualsIgnoreCase: { compare: none((a, b) => a.toLowerCase() === b.toLowerCase()), negated: true },
  StringLike: { compare: any((a, b) => globMatch(b, a)), negated: false },
  StringNotLike: { compare: none((a, b) => globMatch(b, a)), negated: true },
  ArnEquals: { compare: any((a, b) => a === b), negated: false },
  ArnNotEquals: { compare: none((a, b) => a === b), negated: true },
  ArnLike: { compare: any((a, b) => arnMatch(b, a)), negated: false },
  ArnNotLike: { compare: none((a, b) => arnMatch(b, a)), negated: true },
  Bool: { compare: any((a, b) => a.toLowerCase() === b.toLowerCase()), negated: false },
  NumericEquals: { compare: numeric((a, b) => a === b), negated: false },
  NumericNotEquals: { compare: none((a, b) => number(a) === number(b)), negated: true },
  NumericLessThan: { compare: numeric((a, b) => a < b), negated: false },
  NumericLessThanEquals: { compare: numeric((a, b) => a <= b), negated: false },
  NumericGreaterThan: { compare: numeric((a, b) => a > b), negated: false },
  NumericGreaterThanEquals: { compare: numeric((a, b) => a >= b), negated: false },
  DateEquals: { compare: dated((a, b) => a === b), negated: false },
  DateNotEquals: { compare: none((a, b) => date(a) === date(b)), negated: true },
  DateLessThan: { compare: dated((a, b) => a < b), negated: false },
  DateLessThanEquals: { compare: dated((a, b) => a <= b), negated: false },
  DateGreaterThan: { compare: dated((a, b) => a > b), negated: false },
  DateGreaterThanEquals: { compare: dated((a, b) => a >= b), negated: false },
};

const warned = new Set<string>();

/** Unknown operators never match (so an Allow they guard does not apply); said once per operator. */
function warnUnknown(operator: string): void {
  if (warned.has(operator)) return;
  warned.add(operator);
  console.warn(`IAM gate: condition operator ${operator} is not evaluated; the statement's condition is treated as not matching`);
}

function values(raw: string | string[] | boolean): ConditionValues {
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

/** Finds a context key case-insensitively, as IAM compares condition key names. */
function lookup(context: RequestContext, key: string): string | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === lower) return value;
  return undefined;
}

function evaluateOperator(rawOperator: string, block: Record<string, string | string[] | boolean>, context: RequestContext): boolean {
  // Context values are single strings, so `ForAnyValue:` is the plain operator and `ForAllValues:`
  // differs only for an absent key (true: "all of no values" hold).
  let operator = rawOperator;
  let forAll = false;
  if (operator.startsWith('ForAnyValue:')) operator = operator.slice('ForAnyValue:'.length);
  else if (operator.startsWith('ForAllValues:')) {
    operator = operator.slice('ForAllValues:'.length);
    forAll = true;
  }
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);

  if (operator === 'Null') {
    return Object.entries(block).every(([key, raw]) => {
      const wantsAbsent = values(raw).some((value) => value.toLowerCase() === 'true');
      return (lookup(context, key) === undefined) === wantsAbsent;
    });
  }
  const spec = OPERATORS[operator];
  if (!spec) {
    warnUnknown(rawOperator);
    return false;
  }
  return Object.entries(block).every(([key, raw]) => {
    const actual = lookup(context, key);
    if (actual === undefined) return ifExists || forAll || spec.negated;
    return spec.compare(actual, values(raw));
  });
}

/**
 * Whether a statement's `Condition` holds for a request context: every operator block, every key
 * in it, and for a key one of its values.
 *
 * @example
 * conditionsMatch({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }); // true
 */
export function conditionsMatch(condition: PolicyStatement['Condition'], context: RequestContext): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, block]) => evaluateOperator(operator, block, context));
}
