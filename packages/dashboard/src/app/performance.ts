/// <reference lib="dom" />
import type { Api } from './api';
import { COLORS, fmt, h, pct, s } from './dom';
import { every, meaningfulPaint, type View } from './views';

interface Series {
  name: string;
  count: number;
  errors: number;
  errorRate: number;
  coldStarts: number;
  coldStartRatio: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}
interface Metrics {
  routes: Series[];
  functions: Series[];
  cache: { namespace: string; tier: string; hits: number; misses: number; hitRate: number | null }[];
}

const POLL_MS = 2_000;
const HISTORY = 90;
const W = 720;
const H = 200;

/** p95 per route over time (one point per poll), plain SVG. */
function chart(history: { at: number; p95: Record<string, number | null> }[], names: string[]): SVGElement {
  const values = history.flatMap((point) => names.map((name) => point.p95[name] ?? null)).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values) * 1.1;
  // The window shown so far fills the width (up to HISTORY polls, then it scrolls).
  const x = (i: number): number => 40 + (i * (W - 50)) / Math.max(1, history.length - 1);
  const y = (v: number): number => H - 20 - (v / max) * (H - 30);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': 'p95 latency per route' });
  for (const frac of [0, 0.5, 1]) {
    const value = max * frac;
    svg.append(
      s('line', { x1: 40, x2: W - 10, y1: y(value), y2: y(value), stroke: '#eceef2' }),
      s('text', { x: 2, y: y(value) + 3 }, `${fmt(value, 0)} ms`),
    );
  }
  names.forEach((name, index) => {
    const points = history
      .map((point, i) => [i, point.p95[name]] as const)
      .filter((pair): pair is readonly [number, number] => typeof pair[1] === 'number')
      .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    if (points.length > 0) {
      const color = COLORS[index % COLORS.length] as string;
      svg.append(s('polyline', { points: points.join(' '), fill: 'none', stroke: color, 'stroke-width': 2, 'data-route': name }));
      // The latest value as a dot: visible from the first poll on.
      const [cx, cy] = (points.at(-1) as string).split(',');
      svg.append(s('circle', { cx: cx as string, cy: cy as string, r: 3, fill: color }));
    }
  });
  return svg;
}

export function performanceView(api: Api): View {
  const history: { at: number; p95: Record<string, number | null> }[] = [];
  const chartBox = h('div', { 'data-testid': 'latency-chart', 'data-points': 0, 'data-requests': 0 });
  const legend = h('div', { class: 'legend' });
  const routes = h('tbody');
  const cache = h('tbody');
  const totals = h('p', { class: 'muted' });
  const error = h('p', { class: 'error' });
  const root = h(
    'div',
    {},
    h('section', {}, h('h2', {}, 'p95 latency per route (live, every 2 s)'), chartBox, legend, totals, error),
    h(
      'section',
      {},
      h('h2', {}, 'Routes (last 15 minutes, all containers)'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h('tr', {}, ...['route', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'cold starts'].map((t) => h('th', {}, t))),
        ),
        routes,
      ),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Cache hit ratio per namespace and tier'),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...['namespace', 'tier', 'hits', 'misses', 'hit ratio'].map((t) => h('th', {}, t)))),
        cache,
      ),
    ),
  );

  const stop = every(
    POLL_MS,
    async () => {
      const metrics = await api.get<Metrics>('/performance/metrics?minutes=15');
      error.textContent = '';
      const top = [...metrics.routes].sort((a, b) => b.count - a.count).slice(0, COLORS.length);
      history.push({ at: Date.now(), p95: Object.fromEntries(metrics.routes.map((r) => [r.name, r.latencyMs.p95])) });
      if (history.length > HISTORY) history.shift();
      const requests = metrics.routes.reduce((sum, r) => sum + r.count, 0);
      const cold = metrics.functions.reduce((sum, r) => sum + r.coldStarts, 0);
      chartBox.replaceChildren(
        chart(
          history,
          top.map((r) => r.name),
        ),
      );
      chartBox.dataset.points = String(history.length);
      chartBox.dataset.requests = String(requests);
      legend.replaceChildren(...top.map((r, i) => h('span', {}, h('i', { style: `background:${COLORS[i]}` }), r.name)));
      totals.textContent = `${requests} requests, ${cold} cold starts over the window.`;
      routes.replaceChildren(
        ...[...metrics.routes]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((r) =>
            h(
              'tr',
              { 'data-route': r.name },
              h('td', {}, r.name),
              h('td', {}, r.count),
              h('td', {}, fmt(r.latencyMs.p50)),
              h('td', {}, fmt(r.latencyMs.p95)),
              h('td', {}, fmt(r.latencyMs.p99)),
              h('td', {}, `${r.errors} (${pct(r.errorRate)})`),
              h('td', {}, `${r.coldStarts} (${pct(r.coldStartRatio)})`),
            ),
          ),
      );
      cache.replaceChildren(
        ...metrics.cache.map((c) =>
          h(
            'tr',
            {},
            h('td', {}, c.namespace),
            h('td', {}, c.tier),
            h('td', {}, c.hits),
            h('td', {}, c.misses),
            h(
              'td',
              {},
              h('span', { class: 'bar' }, h('span', { style: `width:${((c.hitRate ?? 0) * 100).toFixed(0)}%` })),
              ` ${pct(c.hitRate)}`,
            ),
          ),
        ),
      );
      meaningfulPaint();
    },
    (e) => {
      error.textContent = `Could not read /performance/metrics: ${(e as Error).message}`;
    },
  );
  return { root, stop };
}
