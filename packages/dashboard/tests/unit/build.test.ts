import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDashboard, MAX_GZIP_BYTES } from '../../src';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roadcall-dashboard-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the dashboard build', () => {
  it('is static, self-contained and at most 300 KB gzipped', async () => {
    const files = await buildDashboard(dir);
    expect(files.map((f) => f.name)).toEqual(['app.css', 'app.js', 'index.html']);
    const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
    process.stdout.write(`dashboard build: ${files.map((f) => `${f.name} ${f.gzipBytes} B`).join(', ')}; ${total} B gzipped in all\n`);
    expect(total).toBeLessThanOrEqual(MAX_GZIP_BYTES);
    // No CDN, no external tiles or fonts: nothing but relative URLs in the page and its CSS.
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    const css = await readFile(join(dir, 'app.css'), 'utf8');
    expect(`${html}${css}`).not.toMatch(/(src|href)="https?:|url\(https?:/);
  });
});
