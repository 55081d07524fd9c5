/// <reference lib="dom" />
import type { Api } from './api';
import { h } from './dom';
import { every, meaningfulPaint, type View } from './views';

interface Finding {
  kind?: string;
  severity: string;
  target?: string;
  recommendation?: string;
}

/** Analyzer findings (GET /performance/analyze) and the system's health. */
export function findingsView(api: Api): View {
  const list = h('tbody');
  const health = h('p');
  const root = h(
    'div',
    {},
    h('section', {}, h('h2', {}, 'System health'), health),
    h(
      'section',
      {},
      h('h2', {}, 'Analyzer findings (last 15 minutes)'),
      h('table', {}, h('thead', {}, h('tr', {}, ...['severity', 'finding', 'recommendation'].map((t) => h('th', {}, t)))), list),
    ),
  );
  const stop = every(
    10_000,
    async () => {
      const [report, status] = await Promise.all([
        api.get<{ findings: Finding[] }>('/performance/analyze'),
        fetch(api.url('/health')).then((r) => r.json() as Promise<{ status: string; down?: string[] }>),
      ]);
      health.replaceChildren(
        h('span', { class: 'status', 'data-status': status.status }, status.status),
        status.down?.length ? ` down: ${status.down.join(', ')}` : '',
      );
      list.replaceChildren(
        ...(report.findings.length === 0
          ? [h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No findings: every threshold holds.'))]
          : report.findings.map((f) =>
              h(
                'tr',
                {},
                h('td', {}, h('span', { class: 'status', 'data-status': f.severity === 'critical' ? 'failed' : 'queued' }, f.severity)),
                h('td', {}, `${f.kind ?? ''} ${f.target ?? ''}`),
                h('td', {}, f.recommendation ?? ''),
              ),
            )),
      );
      meaningfulPaint();
    },
    (e) => {
      health.textContent = (e as Error).message;
    },
  );
  return { root, stop };
}

/** Admin cache actions: clear a namespace, a key pattern or a tag (POST /performance/cache/clear). */
export function cacheView(api: Api): View {
  const kind = h('select', {}, ...['namespace', 'pattern', 'tag'].map((k) => h('option', { value: k }, k))) as HTMLSelectElement;
  const value = h('input', { placeholder: 'e.g. vendors', 'data-testid': 'cache-value' }) as HTMLInputElement;
  const result = h('pre', { class: 'muted' });
  const namespaces = h('tbody');
  const clear = async (): Promise<void> => {
    try {
      result.textContent = JSON.stringify(await api.request('POST', '/performance/cache/clear', { [kind.value]: value.value }), null, 2);
    } catch (error) {
      result.textContent = (error as Error).message;
    }
  };
  const root = h(
    'div',
    {},
    h(
      'section',
      {},
      h('h2', {}, 'Clear cache entries'),
      kind,
      ' ',
      value,
      ' ',
      h('button', { class: 'primary', onclick: () => void clear() }, 'Clear'),
      result,
    ),
    h('section', {}, h('h2', {}, 'Namespaces'), h('table', {}, namespaces)),
  );
  const stop = every(
    10_000,
    async () => {
      const report = await api.get<{ namespaces: { namespace: string; hitRate?: number | null }[] }>('/performance/cache');
      namespaces.replaceChildren(
        ...report.namespaces.map((n) =>
          h(
            'tr',
            {},
            h('td', {}, n.namespace),
            h('td', {}, n.hitRate === null || n.hitRate === undefined ? '—' : `${(n.hitRate * 100).toFixed(1)}%`),
          ),
        ),
      );
      meaningfulPaint();
    },
    (e) => {
      result.textContent = (e as Error).message;
    },
  );
  return { root, stop };
}

interface OpenApiDoc {
  info: { title: string; description: string };
  paths: Record<string, Record<string, { operationId: string; summary: string; 'x-roadcall-auth': string }>>;
}

/** The API reference, rendered from /openapi.json. */
export function referenceView(api: Api): View {
  const body = h('tbody');
  const root = h(
    'section',
    {},
    h('h2', {}, 'API reference (from /openapi.json)'),
    h('table', {}, h('thead', {}, h('tr', {}, ...['method', 'path', 'auth', 'summary'].map((t) => h('th', {}, t)))), body),
  );
  void fetch(new URL('/openapi.json', location.href))
    .then((r) => r.json() as Promise<OpenApiDoc>)
    .then((doc) => {
      body.replaceChildren(
        ...Object.entries(doc.paths).flatMap(([path, item]) =>
          Object.entries(item).map(([method, op]) =>
            h(
              'tr',
              { 'data-operation': op.operationId },
              h('td', {}, method.toUpperCase()),
              h('td', {}, h('code', {}, path)),
              h('td', {}, op['x-roadcall-auth']),
              h('td', {}, op.summary),
            ),
          ),
        ),
      );
    })
    .catch((error: Error) => body.replaceChildren(h('tr', {}, h('td', {}, error.message))));
  void api;
  return { root, stop: () => undefined };
}
