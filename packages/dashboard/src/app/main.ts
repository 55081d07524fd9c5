/// <reference lib="dom" />
import { cacheView, findingsView, referenceView } from './admin';
import { Api, type DashboardConfig } from './api';
import { h } from './dom';
import { incidentsView } from './incidents';
import { jobsView } from './jobs';
import { performanceView } from './performance';
import type { View, ViewFactory } from './views';

interface Page {
  readonly id: string;
  readonly title: string;
  readonly admin: boolean;
  readonly view: ViewFactory;
}

const PAGES: Page[] = [
  { id: 'performance', title: 'Performance', admin: true, view: performanceView },
  { id: 'jobs', title: 'Jobs', admin: false, view: jobsView },
  { id: 'incidents', title: 'Incidents & vendors', admin: false, view: incidentsView },
  { id: 'findings', title: 'Findings', admin: true, view: findingsView },
  { id: 'cache', title: 'Cache', admin: true, view: cacheView },
  { id: 'api', title: 'API', admin: false, view: referenceView },
];

let current: View | undefined;

function signIn(api: Api, done: () => void): HTMLElement {
  const token = h('textarea', { placeholder: 'or paste a bearer token', 'data-testid': 'token' }) as HTMLTextAreaElement;
  const use = (value: string): void => {
    api.token = value.trim();
    done();
  };
  const demo = Object.entries(api.config.demoTokens ?? {}).map(([role, value]) =>
    h('button', { class: 'primary', 'data-testid': `signin-${role}`, onclick: () => use(value) }, `Sign in as the demo ${role}`),
  );
  const cognito = api.config.cognito;
  return h(
    'section',
    { 'data-testid': 'signin' },
    h('h2', {}, 'Sign in'),
    demo.length > 0 ? h('p', {}, ...demo.flatMap((button) => [button, ' '])) : null,
    cognito
      ? h(
          'p',
          {},
          h(
            'a',
            {
              href: `https://${cognito.domain}/login?response_type=token&client_id=${encodeURIComponent(cognito.clientId)}&scope=openid+email&redirect_uri=${encodeURIComponent(location.origin + location.pathname)}`,
            },
            'Sign in with Cognito',
          ),
        )
      : null,
    token,
    h('button', { onclick: () => use(token.value) }, 'Use token'),
  );
}

function route(api: Api): void {
  current?.stop();
  current = undefined;
  const view = document.getElementById('view') as HTMLElement;
  const nav = document.getElementById('nav') as HTMLElement;
  const who = document.getElementById('who') as HTMLElement;
  if (!api.token) {
    nav.replaceChildren();
    who.replaceChildren();
    view.replaceChildren(signIn(api, () => route(api)));
    return;
  }
  const claims = api.claims();
  const admin = claims.roles.includes('admin');
  const pages = PAGES.filter((page) => admin || !page.admin);
  const wanted = location.hash.replace(/^#\/?/, '');
  const page = pages.find((p) => p.id === wanted) ?? (pages[0] as Page);
  nav.replaceChildren(...pages.map((p) => h('a', { href: `#/${p.id}`, class: p === page ? 'active' : '', 'data-page': p.id }, p.title)));
  who.replaceChildren(
    h('span', { 'data-testid': 'who' }, `${claims.email ?? claims.sub ?? 'signed in'} (${claims.roles.join(', ') || 'user'})`),
    ' ',
    h(
      'button',
      {
        onclick: () => {
          api.token = null;
          route(api);
        },
      },
      'Sign out',
    ),
  );
  current = page.view(api);
  view.replaceChildren(current.root);
  view.dataset.page = page.id;
}

async function start(): Promise<void> {
  const config = (await fetch('config.json').then((r) => (r.ok ? r.json() : { apiUrl: '', auth: 'local' }))) as DashboardConfig;
  const api = new Api(config);
  // Back from the Cognito hosted UI: the ID token is in the fragment.
  const idToken = /[#&]id_token=([^&]+)/.exec(location.hash)?.[1];
  if (idToken) {
    api.token = decodeURIComponent(idToken);
    history.replaceState(null, '', location.pathname);
  }
  window.addEventListener('hashchange', () => route(api));
  route(api);
}

void start();
