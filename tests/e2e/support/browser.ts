import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@roadcall/local';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** The distribution's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless run on a machine without internet, a GPU or a sandbox-capable user (CI runs as root). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Where the browser tests save their screenshots (`E2E_OUTPUT_DIR`, else tests/e2e/output). */
export function outputDir(): string {
  return join(process.env.E2E_OUTPUT_DIR ?? join(repoRoot(), 'tests', 'e2e', 'output'), 'browser');
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Saves a full-page screenshot as `<outputDir>/<name>.png` and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Chromium driven by Playwright (playwright-core: no browser download) with a fresh profile in a
 * temp dir (`--user-data-dir`, through launchPersistentContext), removed on close.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'roadcall-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    screenshot: async (name) => {
      const dir = outputDir();
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
