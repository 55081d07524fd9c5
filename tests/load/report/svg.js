/**
 * Tiny inline-SVG charts for the load-test report: no library, no script, no network, so the page
 * renders the same in any browser, in CI artefacts and offline.
 */

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const W = 1040;
const H = 300;
const M = { top: 34, right: 230, bottom: 42, left: 60 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const esc = (value) => String(value).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const num = (value) => (Number.isFinite(value) ? Math.round(value * 10) / 10 : 0);

/** Round tick steps (1, 2, 5 x 10^n) giving about `count` ticks up to `max`. */
function ticks(max, count = 5) {
  if (!(max > 0)) return { top: 1, values: [0, 1] };
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const top = Math.ceil(max / step) * step;
  const values = [];
  for (let v = 0; v <= top + step / 2; v += step) values.push(Math.round(v * 1e6) / 1e6);
  return { top, values };
}

function frame({ title, xs, top, yTicks, yLabel, xLabel }) {
  const xMax = xs.length > 1 ? xs[xs.length - 1] : 1;
  const xStep = ticks(xMax, 10);
  const parts = [`<text x="${M.left}" y="20" font-size="14" font-weight="600">${esc(title)}</text>`];
  for (const v of yTicks) {
    const y = M.top + PH - (v / top) * PH;
    parts.push(`<line x1="${M.left}" x2="${M.left + PW}" y1="${num(y)}" y2="${num(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${M.left - 6}" y="${num(y + 4)}" font-size="11" text-anchor="end" fill="#555">${v}</text>`);
  }
  for (const v of xStep.values) {
    if (v > xMax) break;
    const x = M.left + (v / Math.max(1, xMax)) * PW;
    parts.push(`<text x="${num(x)}" y="${M.top + PH + 16}" font-size="11" text-anchor="middle" fill="#555">${v}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${M.left + PW}" y1="${M.top + PH}" y2="${M.top + PH}" stroke="#999"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PH}" stroke="#999"/>`);
  if (yLabel)
    parts.push(
      `<text x="14" y="${M.top + PH / 2}" font-size="11" fill="#555" transform="rotate(-90 14 ${M.top + PH / 2})" text-anchor="middle">${esc(yLabel)}</text>`,
    );
  if (xLabel) parts.push(`<text x="${M.left + PW / 2}" y="${H - 6}" font-size="11" fill="#555" text-anchor="middle">${esc(xLabel)}</text>`);
  return { parts, xMax };
}

function legend(items) {
  return items
    .map(
      (item, i) =>
        `<rect x="${M.left + PW + 14}" y="${M.top + i * 18}" width="12" height="12" fill="${item.color}"/>` +
        `<text x="${M.left + PW + 32}" y="${M.top + i * 18 + 10}" font-size="11">${esc(item.name)}</text>`,
    )
    .join('');
}

const svg = (parts) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${parts.join('')}</svg>`;

/**
 * Lines over time with optional horizontal threshold lines. `clipToSeries` (index) scales the y
 * axis to that series (and the thresholds), so one huge max does not flatten the percentiles; the
 * clipped series is drawn to the top edge.
 */
function lineChart({ title, xs, series, thresholds = [], yLabel, xLabel, clipToSeries }) {
  const scaleSeries = typeof clipToSeries === 'number' ? series.slice(0, clipToSeries + 1) : series;
  const max = Math.max(1, ...scaleSeries.flatMap((s) => s.values), ...thresholds.map((t) => t.value * 1.1));
  const { top, values } = ticks(max);
  const { parts, xMax } = frame({ title, xs, top, yTicks: values, yLabel, xLabel });
  const x = (v) => M.left + (v / Math.max(1, xMax)) * PW;
  const y = (v) => M.top + PH - (Math.min(v, top) / top) * PH;
  for (const s of series) {
    if (xs.length === 0) continue;
    const d = xs.map((xv, i) => `${i === 0 ? 'M' : 'L'}${num(x(xv))},${num(y(s.values[i] ?? 0))}`).join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.dashed ? 1 : 1.8}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  }
  for (const t of thresholds) {
    parts.push(
      `<line x1="${M.left}" x2="${M.left + PW}" y1="${num(y(t.value))}" y2="${num(y(t.value))}" stroke="#c62828" stroke-dasharray="6 4"/>`,
    );
    parts.push(
      `<text x="${M.left + PW - 4}" y="${num(y(t.value) - 4)}" font-size="11" fill="#c62828" text-anchor="end">${esc(t.label)}</text>`,
    );
  }
  parts.push(legend(series));
  return svg(parts);
}

function bars(xs, stacks, top, xMax) {
  const parts = [];
  const width = Math.max(1, (PW / Math.max(1, xs.length)) * 0.85);
  xs.forEach((xv, i) => {
    let base = 0;
    for (const { value, color } of stacks[i]) {
      if (!(value > 0)) continue;
      const h = (value / top) * PH;
      const x = M.left + (xv / Math.max(1, xMax)) * (PW - width);
      parts.push(`<rect x="${num(x)}" y="${num(M.top + PH - base - h)}" width="${num(width)}" height="${num(h)}" fill="${color}"/>`);
      base += h;
    }
  });
  return parts;
}

/** One bar per time step. */
function barChart({ title, xs, values, color, yLabel, xLabel }) {
  const { top, values: yTicks } = ticks(Math.max(1, ...values));
  const { parts, xMax } = frame({ title, xs, top, yTicks, yLabel, xLabel });
  parts.push(
    ...bars(
      xs,
      values.map((value) => [{ value, color }]),
      top,
      xMax,
    ),
  );
  const total = values.reduce((a, b) => a + b, 0);
  parts.push(legend([{ name: `${total} in total`, color }]));
  return svg(parts);
}

/** Stacked bars per time step, one colour per series. */
function stackedBarChart({ title, xs, series, yLabel, xLabel }) {
  const totals = xs.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const { top, values: yTicks } = ticks(Math.max(1, ...totals));
  const { parts, xMax } = frame({ title, xs, top, yTicks, yLabel, xLabel });
  parts.push(
    ...bars(
      xs,
      xs.map((_, i) => series.map((s) => ({ value: s.values[i] ?? 0, color: s.color }))),
      top,
      xMax,
    ),
  );
  parts.push(legend(series));
  return svg(parts);
}

module.exports = { COLORS, barChart, lineChart, stackedBarChart, ticks };
