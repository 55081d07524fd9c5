/**
 * The profile's `ensure` conditions, evaluated against a run's aggregate the way Artillery's
 * ensure plugin does, so the report can show each one with its value (Artillery only logs them).
 * Expressions are our own files' (`metric <op> number`, `vusers.failed <= vusers.created * 0.01`).
 */
const { readFileSync } = require('node:fs');
const yaml = require('js-yaml');

/** Conditions of every given file, for the environment (later files win, as Artillery merges them). */
function readConditions(files, environment) {
  let conditions = [];
  for (const file of files) {
    const config = yaml.load(readFileSync(file, 'utf8'))?.config ?? {};
    const ensure = config.environments?.[environment]?.ensure ?? config.ensure;
    if (!ensure) continue;
    const fromThresholds = (ensure.thresholds ?? []).map((o) => {
      const [metric, limit] = Object.entries(o)[0];
      return { expression: `${metric} < ${limit}`, strict: true };
    });
    conditions = [...fromThresholds, ...(ensure.conditions ?? [])];
  }
  return conditions;
}

/** Flat name -> value, as the ensure plugin sees a report (counters, rates, `summary.aggregation`). */
function variables(aggregate) {
  const vars = { ...(aggregate.counters ?? {}), ...(aggregate.rates ?? {}) };
  for (const [name, values] of Object.entries(aggregate.summaries ?? {})) {
    for (const [aggregation, value] of Object.entries(values)) vars[`${name}.${aggregation}`] = value;
  }
  return vars;
}

const NAME = /[A-Za-z_$][\w$.\-/{}]*(?:\.[\w$\-/{}]+)*/g;
const KEYWORDS = new Set(['and', 'or', 'not']);

/** Evaluates each condition; `metric`/`limit` are set for `metric <op> number` ones (for chart lines). */
function evaluateConditions(conditions, aggregate) {
  const vars = variables(aggregate);
  return conditions.map(({ expression }) => {
    const names = [];
    const js = expression
      .replace(NAME, (name) => {
        if (KEYWORDS.has(name)) return { and: '&&', or: '||', not: '!' }[name];
        names.push(name);
        // A metric the run never recorded fails its condition, as in filtrex (undefined compares false).
        return typeof vars[name] === 'number' ? String(vars[name]) : 'undefined';
      })
      .replace(/(^|[^=!<>])==(?!=)/g, '$1===');
    let ok = false;
    try {
      ok = Boolean(new Function(`return (${js});`)());
    } catch {
      ok = false;
    }
    const simple = /^\s*([\w.]+)\s*(<=|<|==)\s*([\d.]+)\s*$/.exec(expression);
    return {
      expression,
      ok,
      metric: simple?.[1],
      limit: simple ? Number(simple[3]) : undefined,
      valueText: names.map((name) => `${name} = ${vars[name] ?? 'n/a'}`).join(', '),
    };
  });
}

module.exports = { evaluateConditions, readConditions, variables };
