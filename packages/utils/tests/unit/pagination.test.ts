import { createCursorCodec, cursorCodec, InvalidCursorError, toPage } from '../../src/pagination';

describe('signed cursors', () => {
  const codec = createCursorCodec('k'.repeat(32), 'payments:list:user-1');

  it('round-trips a payload through an opaque URL-safe token', () => {
    const token = codec.encode({ c: '2026-01-01 00:00:00.123456+00', i: 'abc' });
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.decode(token)).toEqual({ c: '2026-01-01 00:00:00.123456+00', i: 'abc' });
  });

  it('rejects a tampered payload, a forged signature, another scope or key, and garbage, with a 400', () => {
    const token = codec.encode({ c: 'x', i: 'y' });
    const [version, body, signature] = token.split('.') as [string, string, string];
    const forgedBody = Buffer.from(JSON.stringify({ c: 'x', i: 'z' })).toString('base64url');
    const attempts = [
      `${version}.${forgedBody}.${signature}`,
      `${version}.${body}.${signature.slice(0, -2)}AA`,
      createCursorCodec('k'.repeat(32), 'payments:list:user-2').encode({ c: 'x', i: 'y' }),
      createCursorCodec('other-key', 'payments:list:user-1').encode({ c: 'x', i: 'y' }),
      'not-a-cursor',
      `${token}.extra`,
      'x'.repeat(5_000),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        codec.decode(attempt);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidCursorError);
      expect((caught as InvalidCursorError).httpStatus).toBe(400);
    }
  });

  it('reads the key from CURSOR_SECRET', async () => {
    const before = process.env.CURSOR_SECRET;
    process.env.CURSOR_SECRET = 'from-env';
    try {
      const token = (await cursorCodec('s')).encode({ a: 1 });
      expect(createCursorCodec('from-env', 's').decode(token)).toEqual({ a: 1 });
    } finally {
      if (before === undefined) delete process.env.CURSOR_SECRET;
      else process.env.CURSOR_SECRET = before;
    }
  });
});

describe('toPage', () => {
  it('sets hasMore exactly when there is a next cursor', () => {
    expect(toPage([1, 2], 'v1.a.b')).toEqual({ items: [1, 2], nextCursor: 'v1.a.b', hasMore: true });
    expect(toPage([3], null)).toEqual({ items: [3], nextCursor: null, hasMore: false });
  });
});
