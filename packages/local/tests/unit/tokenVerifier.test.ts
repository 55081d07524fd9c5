import { AUTHORIZER_CACHE_TTL_MS, cachedTokenVerifier, signLocalToken, verifyLocalToken } from '../../src/auth';

const secret = 'a'.repeat(64);
const identity = { userId: 'user-1', email: 'user-1@example.com', roles: ['driver'] as const };

/** The real verification, counted. */
function counted(): { verify: typeof verifyLocalToken; calls: () => number } {
  let calls = 0;
  return {
    verify: (token, key) => {
      calls++;
      return verifyLocalToken(token, key);
    },
    calls: () => calls,
  };
}

describe('cachedTokenVerifier (the local authorizer cache)', () => {
  it('verifies a token once, answers from the cache until the TTL, then verifies again', async () => {
    const token = await signLocalToken(identity, secret);
    let now = Date.now();
    const real = counted();
    const verify = cachedTokenVerifier(secret, { now: () => now, verify: real.verify });
    const first = await verify(token);
    expect(first.sub).toBe('user-1');
    // A caller mutating its copy does not change what the next request sees.
    first.sub = 'someone-else';
    expect((await verify(token)).sub).toBe('user-1');
    expect(real.calls()).toBe(1);
    now += AUTHORIZER_CACHE_TTL_MS + 1;
    expect((await verify(token)).sub).toBe('user-1');
    expect(real.calls()).toBe(2);
  });

  it('never answers from the cache past the token expiry', async () => {
    const token = await signLocalToken(identity, secret, '60s');
    let now = Date.now();
    const real = counted();
    const verify = cachedTokenVerifier(secret, { now: () => now, verify: real.verify });
    await verify(token);
    now += 30_000;
    await verify(token);
    expect(real.calls()).toBe(1);
    now += 31_000; // past exp, well within the TTL
    await verify(token).catch(() => undefined);
    expect(real.calls()).toBe(2);
  });

  it('rejects a token signed with another key, every time (failures are not cached)', async () => {
    const token = await signLocalToken(identity, `${secret}x`);
    const real = counted();
    const verify = cachedTokenVerifier(secret, { verify: real.verify });
    await expect(verify(token)).rejects.toThrow();
    await expect(verify(token)).rejects.toThrow();
    expect(real.calls()).toBe(2);
  });
});
