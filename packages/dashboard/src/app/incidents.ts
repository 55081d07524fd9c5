/// <reference lib="dom" />
import type { Api } from './api';
import { h, s } from './dom';
import { every, meaningfulPaint, type View } from './views';

interface Point {
  lat: number;
  lon: number;
}
interface Incident {
  incidentId: string;
  status: string;
  serviceType: string;
  location: Point;
  vendorId?: string;
  updatedAt: string;
}
interface Vendor {
  vendorId: string;
  name: string;
  location: Point;
  available: boolean;
}

const W = 720;
const H = 360;

/** Positions on a plain equirectangular plane fitted to what is drawn: no map tiles. */
function plane(vendors: Vendor[], incidents: Incident[]): SVGElement {
  const all = [...vendors.map((v) => v.location), ...incidents.map((i) => i.location)];
  const lats = all.map((p) => p.lat);
  const lons = all.map((p) => p.lon);
  const [minLat, maxLat] = [Math.min(...lats, 90) - 0.5, Math.max(...lats, -90) + 0.5];
  const [minLon, maxLon] = [Math.min(...lons, 180) - 0.5, Math.max(...lons, -180) + 0.5];
  const x = (p: Point): number => 10 + ((p.lon - minLon) / Math.max(0.01, maxLon - minLon)) * (W - 20);
  const y = (p: Point): number => H - 10 - ((p.lat - minLat) / Math.max(0.01, maxLat - minLat)) * (H - 20);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: '100%',
    role: 'img',
    'aria-label': 'vendors and incidents',
    'data-testid': 'plane',
  });
  svg.append(s('rect', { x: 0, y: 0, width: W, height: H, fill: '#f8f9fb', stroke: '#eceef2' }));
  for (const v of vendors) {
    svg.append(
      s(
        'circle',
        { cx: x(v.location).toFixed(1), cy: y(v.location).toFixed(1), r: 2.5, fill: v.available ? '#2ca05a' : '#b8c0cf' },
        s('title', {}, v.name),
      ),
    );
  }
  for (const i of incidents) {
    svg.append(
      s(
        'circle',
        {
          cx: x(i.location).toFixed(1),
          cy: y(i.location).toFixed(1),
          r: 5,
          fill: i.status === 'assigned' ? '#2f7de1' : '#d64545',
          'data-incident': i.incidentId,
        },
        s('title', {}, `${i.incidentId} ${i.status}`),
      ),
    );
  }
  return svg;
}

/** Incidents (status live, polled) and vendors drawn on a plane. */
export function incidentsView(api: Api): View {
  const rows = h('tbody');
  const box = h('div');
  const error = h('p', { class: 'error' });
  let vendors: Vendor[] = [];
  const root = h(
    'div',
    {},
    h(
      'section',
      {},
      h('h2', {}, 'Incidents (status live)'),
      h(
        'table',
        { 'data-testid': 'incidents' },
        h('thead', {}, h('tr', {}, ...['incident', 'service', 'status', 'vendor', 'updated'].map((t) => h('th', {}, t)))),
        rows,
      ),
      error,
    ),
    h('section', {}, h('h2', {}, 'Vendors (green: available) and incidents (red: open, blue: assigned)'), box),
  );
  const stopVendors = every(
    30_000,
    async () => {
      vendors = (await api.get<{ items: Vendor[] }>('/vendors?limit=100')).items;
    },
    () => undefined,
  );
  const stop = every(
    1_500,
    async () => {
      const page = await api.get<{ items: Incident[] }>('/incidents?limit=50');
      error.textContent = '';
      rows.replaceChildren(
        ...page.items.map((i) =>
          h(
            'tr',
            { 'data-incident-id': i.incidentId },
            h('td', {}, i.incidentId.slice(0, 8)),
            h('td', {}, i.serviceType),
            h('td', {}, h('span', { class: 'status', 'data-status': i.status }, i.status)),
            h('td', {}, i.vendorId ?? '—'),
            h('td', {}, new Date(i.updatedAt).toLocaleTimeString()),
          ),
        ),
      );
      box.replaceChildren(plane(vendors, page.items));
      meaningfulPaint();
    },
    (e) => {
      error.textContent = (e as Error).message;
    },
  );
  return {
    root,
    stop: () => {
      stop();
      stopVendors();
    },
  };
}
