import { randomUUID } from 'node:crypto';
import type { RunningApiServer } from '../../src';
import { admin, type Caller, callerFor, driver, newVendor, startApi, stopApi, vendorUser } from '../support/apiStack';

/**
 * Managing a vendor takes the `vendor` group AND the matching `custom:vendorId` (or admin): a user
 * who set the attribute on themselves (self sign-up could, until the user pool client restricts
 * writable attributes) must not manage that vendor.
 */
let api: RunningApiServer;
let adminCaller: Caller;
const vendorX = `idx-${randomUUID().slice(0, 8)}`;
const vendorY = `idy-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  api = await startApi();
  adminCaller = await callerFor(api, admin());
  for (const id of [vendorX, vendorY]) expect((await adminCaller.call('POST', '/vendors', newVendor(id))).status).toBe(201);
});
afterAll(() => stopApi(api));

const manage = (who: Caller, id: string) =>
  Promise.all([
    who.call('PUT', `/vendors/${id}/availability`, { available: false }),
    who.call('PUT', `/vendors/${id}/location`, { lat: -60.4, lon: -150.4 }),
  ]);

describe('vendor management', () => {
  it('refuses a driver token carrying custom:vendorId=X (403 on availability and location)', async () => {
    const impostor = await callerFor(api, { ...driver(), vendorId: vendorX });
    const answers = await manage(impostor, vendorX);
    expect(answers.map((answer) => answer.status)).toEqual([403, 403]);
    expect(answers[0]?.json.error.code).toBeDefined();
  });

  it('refuses a token with custom:vendorId=X and no group at all', async () => {
    const impostor = await callerFor(api, { userId: `nobody-${randomUUID()}`, email: 'n@x.test', roles: [], vendorId: vendorX });
    expect((await manage(impostor, vendorX)).map((answer) => answer.status)).toEqual([403, 403]);
  });

  it('lets vendor X manage X, not Y; an admin manages both', async () => {
    const x = await callerFor(api, vendorUser(vendorX));
    expect((await manage(x, vendorX)).map((answer) => answer.status)).toEqual([200, 200]);
    expect((await manage(x, vendorY)).map((answer) => answer.status)).toEqual([403, 403]);
    expect((await manage(adminCaller, vendorY)).map((answer) => answer.status)).toEqual([200, 200]);
  });
});
