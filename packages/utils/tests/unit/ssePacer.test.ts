import { type SseStream, ssePacer } from '../../src/http';

/** An SseStream that records what the pacer writes; `close()` plays the client leaving. */
function recordingStream(): SseStream & { readonly comments: string[]; close(): void } {
  let closed = false;
  let markClosed: () => void = () => undefined;
  const whenClosed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const comments: string[] = [];
  return {
    comments,
    send: () => undefined,
    comment: (text) => {
      if (!closed) comments.push(text);
    },
    retry: () => undefined,
    get closed() {
      return closed;
    },
    whenClosed,
    end: () => undefined,
    close: () => {
      closed = true;
      markClosed();
    },
  };
}

const TIMING = { pollMs: 500, keepAliveMs: 2_000, maxDurationMs: 10_000 };

describe('ssePacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('sends a keep-alive only after keepAliveMs without a write, and each write resets that clock', () => {
    const sse = recordingStream();
    const pace = ssePacer(sse, TIMING, 'reconnect');
    jest.setSystemTime(1_999);
    expect(pace.goOn()).toBe(true);
    expect(sse.comments).toEqual([]);
    pace.sent();
    jest.setSystemTime(3_500);
    expect(pace.goOn()).toBe(true);
    expect(sse.comments).toEqual([]);
    jest.setSystemTime(3_999);
    expect(pace.goOn()).toBe(true);
    expect(sse.comments).toEqual(['keep-alive']);
    // The keep-alive itself is a write: the next one is keepAliveMs later.
    jest.setSystemTime(5_000);
    expect(pace.goOn()).toBe(true);
    expect(sse.comments).toEqual(['keep-alive']);
  });

  it('ends at the lifetime, telling the client how to go on', () => {
    const sse = recordingStream();
    const pace = ssePacer(sse, TIMING, 'reconnect with Last-Event-ID to continue');
    jest.setSystemTime(9_999);
    pace.sent();
    expect(pace.goOn()).toBe(true);
    jest.setSystemTime(10_000);
    expect(pace.goOn()).toBe(false);
    expect(sse.comments).toEqual(['closing: stream lifetime reached, reconnect with Last-Event-ID to continue']);
  });

  it('ends without writing once the client left', () => {
    const sse = recordingStream();
    const pace = ssePacer(sse, TIMING, 'reconnect');
    sse.close();
    jest.setSystemTime(20_000);
    expect(pace.goOn()).toBe(false);
    expect(sse.comments).toEqual([]);
  });

  it('waits one poll, the shorter of pollMs and keepAliveMs', async () => {
    const sse = recordingStream();
    let done = false;
    void ssePacer(sse, { ...TIMING, pollMs: 5_000 }, 'reconnect')
      .wait()
      .then(() => {
        done = true;
      });
    await jest.advanceTimersByTimeAsync(1_999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('stops waiting as soon as the client leaves', async () => {
    const sse = recordingStream();
    let done = false;
    void ssePacer(sse, TIMING, 'reconnect')
      .wait()
      .then(() => {
        done = true;
      });
    await jest.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    sse.close();
    await jest.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});
