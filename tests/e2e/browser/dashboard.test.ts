import { randomUUID } from 'node:crypto';
import {
  ApiClient,
  awaitOffer,
  type E2eStack,
  e2eStack,
  type Incident,
  incidentBody,
  newVendor,
  north,
  remoteSpot,
  show,
  type TestVendor,
  tokenFor,
} from '../support';
import { type Browser, launchBrowser } from '../support/browser';

/**
 * The operator dashboard in Debian's chromium, driven by Playwright, against `pnpm dev`: every
 * wait is on a DOM condition with a generous bound (a shared 2-core machine), never a sleep, and
 * nothing asserts on time. Each test saves a screenshot under tests/e2e/output/browser.
 */
const UI_TIMEOUT_MS = 60_000;
jest.setTimeout(180_000);

let stack: E2eStack;
let api: ApiClient;
let browser: Browser;

beforeAll(async () => {
  stack = e2eStack();
  api = new ApiClient(stack);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const dashboardUrl = (page = ''): string => new URL(`/dashboard/${page ? `#/${page}` : ''}`, stack.apiUrl).toString();

/** Signs in through the page: a demo identity's button, or a pasted token. */
async function signIn(as: 'admin' | 'driver' | { token: string }, page = ''): Promise<void> {
  const { page: tab } = browser;
  await tab.goto(dashboardUrl(page));
  await tab.evaluate(() => sessionStorage.clear());
  await tab.reload();
  await tab.getByTestId('signin').waitFor({ timeout: UI_TIMEOUT_MS });
  if (typeof as === 'string') await tab.getByTestId(`signin-${as}`).click();
  else {
    await tab.getByTestId('token').fill(as.token);
    await tab.getByRole('button', { name: 'Use token' }).click();
  }
  await tab.getByTestId('who').waitFor({ timeout: UI_TIMEOUT_MS });
}

it('signs in with a demo identity, shows the admin pages, and prints its first meaningful paint', async () => {
  const { page } = browser;
  await signIn('admin');
  expect(await page.getByTestId('who').textContent()).toContain('admin');
  for (const id of ['performance', 'jobs', 'incidents', 'findings', 'cache', 'api'])
    await page.locator(`nav a[data-page="${id}"]`).waitFor({ timeout: UI_TIMEOUT_MS });

  // A fresh load of the signed-in dashboard: first paint that shows data (the app's own mark).
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('roadcall:first-meaningful-paint').length > 0, undefined, {
    timeout: UI_TIMEOUT_MS,
  });
  const paint = await page.evaluate(() => ({
    meaningful: performance.getEntriesByName('roadcall:first-meaningful-paint')[0]?.startTime ?? null,
    contentful: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
  process.stdout.write(
    `dashboard first meaningful paint: ${paint.meaningful?.toFixed(0)} ms (first contentful paint ${paint.contentful?.toFixed(0)} ms) on the local stack\n`,
  );
  expect(paint.meaningful).not.toBeNull();
  await browser.screenshot('sign-in');
});

it('moves the latency chart while requests are made', async () => {
  const { page } = browser;
  await signIn('admin', 'performance');
  const chart = page.getByTestId('latency-chart');
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="latency-chart"]')?.getAttribute('data-points')) >= 1,
    undefined,
    {
      timeout: UI_TIMEOUT_MS,
    },
  );
  const before = Number(await chart.getAttribute('data-requests'));
  const pointsBefore = Number(await chart.getAttribute('data-points'));

  // Requests keep coming until the chart has taken them in (metrics flush every few seconds). Routes
  // without a cache, so that the cache hit ratios the performance flow asserts on stay its own.
  let done = false;
  const traffic = (async () => {
    let made = 0;
    while (!done) {
      await api.get('/jobs', { as: 'driver', query: { limit: 10 } });
      await api.get('/payments', { as: 'driver', query: { limit: 10 } });
      made += 2;
    }
    return made;
  })();
  try {
    await page.waitForFunction(
      ([requests, points]) => {
        const box = document.querySelector('[data-testid="latency-chart"]');
        return (
          Number(box?.getAttribute('data-requests')) > requests &&
          Number(box?.getAttribute('data-points')) >= points + 3 &&
          // A line that has moved: one route's p95 drawn at three polls or more.
          Array.from(box?.querySelectorAll('polyline') ?? []).some(
            (line) => (line.getAttribute('points') ?? '').trim().split(/\s+/).length >= 3,
          )
        );
      },
      [before, pointsBefore] as const,
      { timeout: UI_TIMEOUT_MS, polling: 250 },
    );
    await page.locator('tr[data-route="jobs.list"]').waitFor({ timeout: UI_TIMEOUT_MS });
  } finally {
    done = true;
  }
  process.stdout.write(
    `latency chart: ${before} -> ${await chart.getAttribute('data-requests')} requests over the window; ${await traffic} made\n`,
  );
  await browser.screenshot('performance');
});

/** Clicks "Start export" and returns the job id the API answered with. */
async function startExport(source: 'vendors' | 'incidents'): Promise<string> {
  const { page } = browser;
  await page.getByTestId('export-source').selectOption(source);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/jobs') && r.request().method() === 'POST', { timeout: UI_TIMEOUT_MS }),
    page.getByTestId('start-export').click(),
  ]);
  expect(response.status()).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

it('starts an export and watches its progress bar reach 100% and its download link appear', async () => {
  const { page } = browser;
  // Vendors are exported by admins only.
  await signIn('admin', 'jobs');
  const jobId = await startExport('vendors');
  const row = page.locator(`tr[data-job-id="${jobId}"]`);
  await row.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: UI_TIMEOUT_MS });
  const link = row.locator('a[data-action="download"]');
  await link.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await row.locator('.status').getAttribute('data-status')).toBe('completed');
  const csv = await fetch((await link.getAttribute('href')) as string);
  expect(csv.status).toBe(200);
  expect((await csv.text()).split('\n').length).toBeGreaterThan(1);
  await browser.screenshot('export');
});

/** A low-priority job that keeps a consumer busy for a while: a bulk update of ids no vendor has (it writes nothing). */
async function busyLowQueueJob(): Promise<string> {
  const vendorIds = Array.from({ length: 10_000 }, (_, i) => `e2e-missing-${i}`);
  const created = await api.post<{ jobId: string }>('/jobs', {
    as: 'admin',
    body: { type: 'bulk_operation', priority: 'low', params: { operation: 'update_vendors', set: { rating: 4 }, vendorIds } },
  });
  if (created.status !== 202) throw new Error(`POST /jobs bulk_operation: ${show(created)}`);
  return created.body.jobId;
}

it('cancels a job', async () => {
  const { page } = browser;
  await signIn('admin', 'jobs');
  // The low-priority queue has two consumers: with three long jobs ahead of it, an export started
  // on that queue stays queued long enough to be cancelled from the page. Should it still end first
  // (the page says so; the server agrees), another round is tried.
  const busy: string[] = [];
  const outcomes: string[] = [];
  try {
    for (let round = 0; round < 3 && !outcomes.includes('cancelled'); round += 1) {
      busy.push(await busyLowQueueJob(), await busyLowQueueJob(), await busyLowQueueJob());
      await page.getByTestId('export-priority').selectOption('low');
      const jobId = await startExport('incidents');
      const row = page.locator(`tr[data-job-id="${jobId}"]`);
      await row
        .locator('button[data-action="cancel"]')
        .click({ timeout: UI_TIMEOUT_MS })
        .catch(() => undefined); // gone already: the job ended first
      await page.waitForFunction(
        (id) =>
          ['cancelled', 'completed'].includes(document.querySelector(`tr[data-job-id="${id}"] .status`)?.getAttribute('data-status') ?? ''),
        jobId,
        { timeout: UI_TIMEOUT_MS },
      );
      const shown = (await row.locator('.status').getAttribute('data-status')) as string;
      const server = await api.get<{ status: string }>(`/jobs/${jobId}`, { as: 'admin' });
      expect(server.body.status).toBe(shown);
      outcomes.push(shown);
    }
  } finally {
    // Stop the filler jobs (a 409 is a job that already ended).
    await Promise.all(busy.map((jobId) => api.delete(`/jobs/${jobId}`, { as: 'admin' })));
  }
  process.stdout.write(`cancel attempts: ${outcomes.join(', ')}\n`);
  expect(outcomes).toContain('cancelled');
  await browser.screenshot('cancel');
});

it('shows an incident go from created to assigned', async () => {
  const { page } = browser;
  const driverId = `e2e-dash-driver-${randomUUID()}`;
  const token = await tokenFor(stack, { userId: driverId, email: `${driverId}@e2e.roadcall.test`, roles: ['driver'] });
  const vendor: TestVendor = await newVendor(api, stack, remoteSpot(), 'dashboard');
  await signIn({ token }, 'incidents');

  const created = await api.post<Incident>('/incidents', { as: { token }, body: incidentBody(north(vendor.location, 1)) });
  if (created.status !== 201) throw new Error(`POST /incidents: ${show(created)}`);
  const { incidentId } = created.body;
  const status = page.locator(`tr[data-incident-id="${incidentId}"] .status`);
  await status.waitFor({ timeout: UI_TIMEOUT_MS });
  const first = await status.getAttribute('data-status');
  expect(['created', 'matching']).toContain(first);

  await awaitOffer(api, vendor, incidentId);
  const accepted = await api.put<Incident>(`/incidents/${incidentId}/accept`, { as: vendor.as });
  if (accepted.status !== 200) throw new Error(`accept: ${show(accepted)}`);
  await page.locator(`tr[data-incident-id="${incidentId}"] .status[data-status="assigned"]`).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator(`[data-testid="plane"] circle[data-incident="${incidentId}"]`).waitFor({ timeout: UI_TIMEOUT_MS, state: 'attached' });
  process.stdout.write(`incident ${incidentId}: ${first} -> assigned in the dashboard\n`);
  await browser.screenshot('incident');
});
