#!/usr/bin/env node

/**
 * Turns one Artillery run into a self-contained HTML report (inline SVG charts, no scripts, no
 * network): latency percentiles over time, throughput, errors and the X-Cache mix, the summary per
 * endpoint, and the profile's thresholds with pass/fail.
 *
 * Usage: node report/build-report.js --json <artillery.json> --samples <samples.jsonl>
 *          --profile <file.yml>... --env <local|deployed> --meta <meta.json> --out <report.html>
 *
 * Time series come from the per-second samples test-helpers.js writes; without them, from
 * Artillery's own 10-second windows.
 */
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { evaluateConditions, readConditions } = require('./conditions');
const { barChart, lineChart, stackedBarChart, COLORS } = require('./svg');

function args(argv) {
  const out = { profile: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'profile') out.profile.push(argv[i + 1]);
    else out[key] = argv[i + 1];
  }
  return out;
}

const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fmt = (value, digits = 1) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');

/** Per-second series merged across worker threads (sums for counts; max of threads for tail percentiles). */
function seriesFromSamples(file) {
  if (!file || !existsSync(file)) return undefined;
  const bySecond = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const s = JSON.parse(line);
    const merged = bySecond.get(s.t);
    if (!merged) {
      bySecond.set(s.t, { ...s, p50sum: s.p50 * s.n });
      continue;
    }
    merged.n += s.n;
    merged.p50sum += s.p50 * s.n;
    merged.p95 = Math.max(merged.p95, s.p95);
    merged.p99 = Math.max(merged.p99, s.p99);
    merged.max = Math.max(merged.max, s.max);
    merged.errors += s.errors;
    for (const field of ['codes', 'xCache', 'routes'])
      for (const [k, v] of Object.entries(s[field])) merged[field][k] = (merged[field][k] ?? 0) + v;
  }
  if (bySecond.size === 0) return undefined;
  const seconds = [...bySecond.keys()].sort((a, b) => a - b);
  const first = seconds[0];
  const last = seconds[seconds.length - 1];
  const points = [];
  for (let t = first; t <= last; t += 1) {
    const s = bySecond.get(t);
    points.push(
      s
        ? {
            x: t - first,
            n: s.n,
            p50: s.n ? s.p50sum / s.n : 0,
            p95: s.p95,
            p99: s.p99,
            max: s.max,
            errors: s.errors,
            codes: s.codes,
            xCache: s.xCache,
            routes: s.routes,
          }
        : { x: t - first, n: 0, p50: 0, p95: 0, p99: 0, max: 0, errors: 0, codes: {}, xCache: {}, routes: {} },
    );
  }
  return { stepSeconds: 1, points, startedAt: first * 1000 };
}

/** Fallback: Artillery's 10-second windows. */
function seriesFromIntermediate(report) {
  const windows = report.intermediate ?? [];
  if (windows.length === 0) return { stepSeconds: 10, points: [], startedAt: Date.now() };
  const first = Number(windows[0].period);
  const points = windows.map((w) => {
    const rt = w.summaries?.['http.response_time'] ?? {};
    const codes = {};
    const xCache = {};
    let errors = 0;
    for (const [name, value] of Object.entries(w.counters ?? {})) {
      if (name.startsWith('http.codes.')) codes[name.slice(11)] = value;
      if (name.startsWith('roadcall.x_cache.')) xCache[name.slice(17)] = value;
      if (name.startsWith('errors.')) errors += value;
    }
    return {
      x: (Number(w.period) - first) / 1000,
      n: w.counters?.['http.responses'] ?? 0,
      p50: rt.median ?? 0,
      p95: rt.p95 ?? 0,
      p99: rt.p99 ?? 0,
      max: rt.max ?? 0,
      errors,
      codes,
      xCache,
      routes: {},
    };
  });
  return { stepSeconds: 10, points, startedAt: first };
}

function endpointRows(aggregate) {
  const rows = [];
  const prefix = 'plugins.metrics-by-endpoint.response_time.';
  for (const [name, s] of Object.entries(aggregate.summaries ?? {})) {
    if (!name.startsWith(prefix)) continue;
    rows.push({ name: name.slice(prefix.length), ...s });
  }
  return rows.sort((a, b) => b.count - a.count);
}

function counterGroup(counters, prefix) {
  return Object.fromEntries(
    Object.entries(counters)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}

function table(headers, rows) {
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function build(options) {
  const report = JSON.parse(readFileSync(options.json, 'utf8'));
  const meta = options.meta && existsSync(options.meta) ? JSON.parse(readFileSync(options.meta, 'utf8')) : {};
  const aggregate = report.aggregate ?? {};
  const counters = aggregate.counters ?? {};
  const rt = aggregate.summaries?.['http.response_time'] ?? {};
  const series = seriesFromSamples(options.samples) ?? seriesFromIntermediate(report);
  const conditions = readConditions(options.profile, options.env);
  const checks = evaluateConditions(conditions, aggregate);
  const passed = checks.every((c) => c.ok);

  const durationS = ((aggregate.lastCounterAt ?? 0) - (aggregate.firstCounterAt ?? 0)) / 1000;
  const requests = counters['http.requests'] ?? 0;
  const responses = counters['http.responses'] ?? 0;
  const failed = counters['vusers.failed'] ?? 0;
  const created = counters['vusers.created'] ?? 0;
  const codes = counterGroup(counters, 'http.codes.');
  const errors = counterGroup(counters, 'errors.');
  const xCache = counterGroup(counters, 'roadcall.x_cache.');
  const step = series.stepSeconds;
  const xs = series.points.map((p) => p.x);

  const thresholdLines = checks
    .filter((c) => /^http\.response_time\.p9[59]$/.test(c.metric ?? '') && typeof c.limit === 'number')
    .map((c) => ({ value: c.limit, label: `${c.metric.split('.').pop()} limit ${c.limit} ms` }));

  const latencyChart = lineChart({
    title: `Latency percentiles over time (ms, per ${step} s)`,
    xs,
    series: [
      { name: 'p50', values: series.points.map((p) => p.p50), color: COLORS[0] },
      { name: 'p95', values: series.points.map((p) => p.p95), color: COLORS[1] },
      { name: 'p99', values: series.points.map((p) => p.p99), color: COLORS[3] },
      { name: 'max', values: series.points.map((p) => p.max), color: '#bbb', dashed: true },
    ],
    thresholds: thresholdLines,
    yLabel: 'ms',
    xLabel: 'seconds since start',
    clipToSeries: 2,
  });
  const routeNames = [...new Set(series.points.flatMap((p) => Object.keys(p.routes)))].sort();
  const throughputChart =
    routeNames.length > 0
      ? stackedBarChart({
          title: `Throughput by endpoint (responses per ${step} s)`,
          xs,
          series: routeNames.map((name, i) => ({
            name,
            values: series.points.map((p) => p.routes[name] ?? 0),
            color: COLORS[i % COLORS.length],
          })),
          yLabel: `req/${step}s`,
          xLabel: 'seconds since start',
        })
      : lineChart({
          title: `Throughput (responses per ${step} s)`,
          xs,
          series: [{ name: 'responses', values: series.points.map((p) => p.n), color: COLORS[0] }],
          yLabel: 'req',
          xLabel: 'seconds since start',
        });
  const errorChart = barChart({
    title: `Errors over time (HTTP >= 400 and network errors, per ${step} s)`,
    xs,
    values: series.points.map((p) => p.errors),
    color: '#d62728',
    yLabel: 'errors',
    xLabel: 'seconds since start',
  });
  const cacheNames = [...new Set(series.points.flatMap((p) => Object.keys(p.xCache)))].sort();
  const cacheColors = {
    'HIT-L1': '#2ca02c',
    'HIT-L2': '#98df8a',
    'HIT-L3': '#bcbd22',
    MISS: '#ff7f0e',
    BYPASS: '#9467bd',
    none: '#c7c7c7',
  };
  const cacheChart = stackedBarChart({
    title: `X-Cache mix over time (responses per ${step} s; "none" = no X-Cache header)`,
    xs,
    series: cacheNames.map((name, i) => ({
      name,
      values: series.points.map((p) => p.xCache[name] ?? 0),
      color: cacheColors[name] ?? COLORS[i % COLORS.length],
    })),
    yLabel: `req/${step}s`,
    xLabel: 'seconds since start',
  });
  const totalCache = Object.values(xCache).reduce((a, b) => a + b, 0);

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Roadcall load test: ${escapeHtml(meta.profile ?? '')} on ${escapeHtml(meta.stage ?? '')}</title>
<style>
 body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
 h1{font-size:22px;margin-bottom:4px} h2{font-size:17px;margin-top:28px;border-bottom:1px solid #eee;padding-bottom:4px}
 .verdict{display:inline-block;padding:3px 10px;border-radius:4px;color:#fff;font-weight:600}
 .pass{background:#2e7d32}.fail{background:#c62828}
 .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
 .card{border:1px solid #e3e3e3;border-radius:6px;padding:10px 14px;min-width:120px}
 .card b{display:block;font-size:20px}
 table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
 th,td{border:1px solid #e3e3e3;padding:4px 8px;text-align:right} th{background:#fafafa}
 td:first-child,th:first-child{text-align:left}
 .ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}
 .meta{color:#666} svg{display:block;margin:8px 0} code{background:#f5f5f5;padding:1px 4px;border-radius:3px}
</style></head><body>
<h1>Roadcall load test: <code>${escapeHtml(meta.profile ?? '?')}</code> against <code>${escapeHtml(meta.stage ?? '?')}</code>
 <span class="verdict ${passed ? 'pass' : 'fail'}">${passed ? 'PASS' : 'FAIL'}</span></h1>
<div class="meta">Target ${escapeHtml(meta.target ?? '')} · started ${escapeHtml(new Date(aggregate.firstCounterAt ?? series.startedAt).toISOString())}
 · ${fmt(durationS, 0)} s · machine load before/after: ${escapeHtml(meta.loadBefore ?? '?')} / ${escapeHtml(meta.loadAfter ?? '?')} (${escapeHtml(meta.cpus ?? '?')} CPUs)
 · Artillery exit code ${escapeHtml(meta.exitCode ?? '?')}</div>
<div class="cards">
 <div class="card">requests<b>${requests}</b></div>
 <div class="card">mean rate<b>${fmt(durationS > 0 ? responses / durationS : 0, 0)}/s</b></div>
 <div class="card">p50<b>${fmt(rt.median)} ms</b></div>
 <div class="card">p95<b>${fmt(rt.p95)} ms</b></div>
 <div class="card">p99<b>${fmt(rt.p99)} ms</b></div>
 <div class="card">max<b>${fmt(rt.max)} ms</b></div>
 <div class="card">failed users<b>${failed} / ${created}</b></div>
 <div class="card">cache hits<b>${
   totalCache > 0
     ? fmt(
         (100 *
           Object.entries(xCache)
             .filter(([k]) => k.startsWith('HIT'))
             .reduce((a, [, v]) => a + v, 0)) /
           totalCache,
         0,
       )
     : '–'
 }%</b></div>
</div>
<h2>Thresholds (${escapeHtml(options.env)})</h2>
${table(
  ['condition', 'value', 'result'],
  checks.map((c) => [c.expression, c.valueText, c.ok ? 'ok' : 'FAIL']),
)
  .replace(/<td>ok<\/td>/g, '<td class="ok">ok</td>')
  .replace(/<td>FAIL<\/td>/g, '<td class="bad">FAIL</td>')}
<h2>Latency</h2>
${latencyChart}
<h2>Throughput</h2>
${throughputChart}
<h2>Errors</h2>
${errorChart}
${table(['status / error', 'count'], [...Object.entries(codes).map(([k, v]) => [`HTTP ${k}`, v]), ...Object.entries(errors).map(([k, v]) => [k, v])])}
<h2>X-Cache mix</h2>
${cacheChart}
${table(
  ['X-Cache', 'responses', 'share'],
  Object.entries(xCache)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => [k, v, `${fmt((100 * v) / Math.max(1, totalCache), 1)}%`]),
)}
<h2>Per endpoint (ms)</h2>
${table(
  ['endpoint', 'count', 'min', 'p50', 'p95', 'p99', 'max'],
  endpointRows(aggregate).map((r) => [r.name, r.count, fmt(r.min), fmt(r.median), fmt(r.p95), fmt(r.p99), fmt(r.max)]),
)}
${(() => {
  const rows = Object.entries(aggregate.summaries ?? {})
    .filter(([name]) => name.startsWith('roadcall.'))
    .map(([name, v]) => [name, v.count, fmt(v.min, 0), fmt(v.median, 0), fmt(v.p95, 0), fmt(v.p99, 0), fmt(v.max, 0)]);
  return rows.length > 0 ? `<h2>Incident lifecycle (ms)</h2>${table(['metric', 'count', 'min', 'p50', 'p95', 'p99', 'max'], rows)}` : '';
})()}
<h2>All counters</h2>
${table(
  ['counter', 'value'],
  Object.entries(counters).sort(([a], [b]) => a.localeCompare(b)),
)}
<p class="meta">Latency is time to first byte as Artillery measures it (http.response_time). Per-second percentiles are exact
within one worker thread; with several workers, tail percentiles are the worst thread's. JSON: ${escapeHtml(options.jsonName ?? options.json)}</p>
</body></html>
`;
  writeFileSync(options.out, html);
  return { passed, checks, rt, requests, failed, xCache, durationS };
}

if (require.main === module) {
  const options = args(process.argv.slice(2));
  options.jsonName = options.json.split('/').pop();
  const result = build(options);
  process.stdout.write(
    `report: ${options.out}\n${result.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.expression} (${c.valueText})`).join('\n')}\n`,
  );
}

module.exports = { build };
