import { ApiClient, type E2eStack, type ErrorBody, e2eStack } from '../support';

/**
 * Issue #15, on the synthesized assembly: the API stage answers only requests that came through
 * CloudFront. The stage's regional web ACL (infrastructure/lib/constructs/origin-guard.ts) allows
 * a request only with the secret the distribution sends as an origin header; the cloud runtime
 * evaluates that ACL from the template and routes through the distribution's stand-in.
 */
let stack: E2eStack;
let viaEdge: ApiClient;
let executeApiUrl: string;

beforeAll(() => {
  stack = e2eStack();
  viaEdge = new ApiClient(stack);
  if (!stack.executeApiUrl) throw new Error('The cloud stack did not say where its execute-api endpoint is (executeApiUrl)');
  executeApiUrl = stack.executeApiUrl;
});

async function direct(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, executeApiUrl), { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ErrorBody };
}

describe('execute-api without the CloudFront path', () => {
  it('is refused before anything else runs: 403 with the JSON error body, even for the public health route', async () => {
    const answer = await direct('/health?deep=false');
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FORBIDDEN');
    expect(answer.body.requestId).toEqual(expect.any(String));
    expect(answer.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
  });

  it('is refused with a valid token, and with a guessed origin header', async () => {
    const bearer = { authorization: `Bearer ${stack.tokens.driver}` };
    expect((await direct('/vendors/vendor-000000', bearer)).status).toBe(403);
    expect((await direct('/health?deep=false', { 'x-origin-verify': 'guess' })).status).toBe(403);
    expect((await direct('/health?deep=false', { 'x-origin-verify': '' })).status).toBe(403);
  });

  it('answers through the distribution, which overwrites a header a viewer sends under the origin header name', async () => {
    expect((await viaEdge.get('/health', { query: { deep: 'false' } })).status).toBe(200);
    expect((await viaEdge.get('/health', { query: { deep: 'false' }, headers: { 'x-origin-verify': 'guess' } })).status).toBe(200);
  });
});

describe('the distribution', () => {
  it('serves the dashboard and the OpenAPI document that the bucket deployments put into the static bucket', async () => {
    const page = await fetch(viaEdge.url('/dashboard/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const config = (await (await fetch(viaEdge.url('/dashboard/config.json'))).json()) as { auth: string };
    expect(config.auth).toBe('cognito');
    const openapi = (await (await fetch(viaEdge.url('/openapi.json'))).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(openapi.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(openapi.paths)).toContain('/vendors/search');
  });

  it('sends paths outside the API to the static bucket (S3 behind origin access control: 403 for a missing key)', async () => {
    const response = await fetch(viaEdge.url('/no-such-asset.js'));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });
});
