import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSite, type StaticSite } from '../../src/api/site';

let dir: string;
let site: StaticSite;
let openapiBuilds = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roadcall-site-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  await writeFile(join(dir, 'app.js'), 'void 0');
  site = localSite({
    dashboardDir: dir,
    config: () => ({ apiUrl: '', auth: 'local' }),
    openapi: () => {
      openapiBuilds += 1;
      return { openapi: '3.1.0' };
    },
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the local static site (dashboard and /openapi.json)', () => {
  it('redirects / to the dashboard and serves its files with their types', async () => {
    expect(await site('/')).toMatchObject({ status: 302, headers: { Location: '/dashboard/' } });
    expect(await site('/dashboard/')).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    expect(await site('/dashboard/app.js')).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
    expect(JSON.parse(String((await site('/dashboard/config.json'))?.body))).toEqual({ apiUrl: '', auth: 'local' });
  });

  it('serves /openapi.json, built once', async () => {
    expect(JSON.parse(String((await site('/openapi.json'))?.body))).toEqual({ openapi: '3.1.0' });
    await site('/openapi.json');
    expect(openapiBuilds).toBe(1);
  });

  it('answers nothing outside the build folder or for unknown paths (the adapter then answers 404)', async () => {
    for (const path of ['/dashboard/../package.json', '/dashboard/%2e%2e/x', '/dashboard/missing.js', '/elsewhere', '/dashboard/a/b.js']) {
      expect(await site(path)).toBeUndefined();
    }
  });
});
