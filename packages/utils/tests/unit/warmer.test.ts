import type { FunctionDefinition, WarmTarget } from '@roadcall/contracts';
import { functionNameEnvVar, WARMER, warmTargets } from '@roadcall/contracts';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { z } from 'zod';
import { createHandler } from '../../src/http';
import {
  type FunctionInvoker,
  lambdaInvoker,
  MAX_WARM_HOLD_MS,
  markInvocation,
  WARMER_EVENT_SOURCE,
  type WarmingEvent,
  warmFunctions,
} from '../../src/warmer';

const context = { functionName: 'roadcall-test-fn', awsRequestId: 'req-1' } as Context;
const warming = (extra: Partial<WarmingEvent> = {}): APIGatewayProxyEvent =>
  ({ source: WARMER_EVENT_SOURCE, ...extra }) as unknown as APIGatewayProxyEvent;

describe('warming short-circuit in the handler wrapper', () => {
  it('never reaches auth, validation or the business logic, and reports the cold container once', async () => {
    const handle = jest.fn(async () => ({ ok: true }));
    const validated = jest.fn((value: unknown) => value);
    const handler = createHandler({
      // An admin route with a body schema: auth (401 without claims) and validation (400) would both fail.
      route: { id: 'platform.testWarm', method: 'POST', path: '/t', summary: 't', service: 'platform', handler: 'testWarm', auth: 'admin' },
      body: z.object({ required: z.string() }).transform(validated),
      path: z.object({ id: z.string().min(1) }).transform(validated),
      handle,
    });
    const first = await handler(warming(), context);
    const second = await handler(warming(), context);
    expect(first).toEqual({ warmed: true, cold: true, functionName: 'roadcall-test-fn' });
    expect(second).toEqual({ warmed: true, cold: false, functionName: 'roadcall-test-fn' });
    expect(handle).not.toHaveBeenCalled();
    expect(validated).not.toHaveBeenCalled();

    // The same handler still enforces auth on a real request: proof the short-circuit, not a broken wrapper, skipped it.
    const real = await handler(
      { headers: {}, requestContext: {}, body: '{}', pathParameters: { id: 'x' } } as unknown as APIGatewayProxyEvent,
      context,
    );
    expect((real as { statusCode: number }).statusCode).toBe(401);
    expect(handle).not.toHaveBeenCalled();
  });

  it('holds the container for the requested time, capped, so N concurrent pings land on N containers', async () => {
    const handler = createHandler({
      route: { id: 'platform.testHold', method: 'GET', path: '/h', summary: 'h', service: 'platform', handler: 'testHold', auth: 'public' },
      handle: async () => 'never',
    });
    // A fake clock: the hold is a timer, so how long it lasts is asserted without the machine's speed.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const settled = (promise: Promise<unknown>): (() => boolean) => {
        let done = false;
        void promise.then(() => {
          done = true;
        });
        return () => done;
      };
      const held = handler(warming({ holdMs: 60 }), context);
      const heldDone = settled(held);
      await jest.advanceTimersByTimeAsync(59);
      expect(heldDone()).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await held;
      expect(heldDone()).toBe(true);

      const capped = handler(warming({ holdMs: 60_000 }), context);
      const cappedDone = settled(capped);
      await jest.advanceTimersByTimeAsync(MAX_WARM_HOLD_MS - 1);
      expect(cappedDone()).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await capped;
      expect(cappedDone()).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('tracks the first invocation per scope (one process serves every handler locally)', () => {
    expect(markInvocation('scope-a')).toBe(true);
    expect(markInvocation('scope-a')).toBe(false);
    expect(markInvocation('scope-b')).toBe(true);
  });
});

describe('warm targets from the contracts', () => {
  const fn = (id: string, warm: boolean, warmConcurrency?: number): FunctionDefinition =>
    ({ id, service: 'platform', handler: id, entry: '', uses: {}, warm, warmConcurrency, triggers: [] }) as FunctionDefinition;

  it('takes only warm-marked functions, with their own concurrency or the default (3), clamped', () => {
    const targets = warmTargets(undefined, [fn('a.cold', false), fn('a.warm', true), fn('a.five', true, 5), fn('a.huge', true, 500)]);
    expect(targets).toEqual([
      { id: 'a.warm', nameEnvVar: 'FUNCTION_NAME_A_WARM', concurrency: WARMER.defaultConcurrency },
      { id: 'a.five', nameEnvVar: 'FUNCTION_NAME_A_FIVE', concurrency: 5 },
      { id: 'a.huge', nameEnvVar: 'FUNCTION_NAME_A_HUGE', concurrency: WARMER.maxConcurrency },
    ]);
    expect(WARMER.defaultConcurrency).toBe(3);
    expect(warmTargets(7, [fn('a.warm', true)])[0]?.concurrency).toBe(7);
  });
});

describe('warmer fan-out', () => {
  /** An invoker that answers only once `expected` calls are in flight at the same time: proves concurrency. */
  function concurrentInvoker(
    expected: Record<string, number>,
  ): FunctionInvoker & { calls: Array<{ id: string; payload: WarmingEvent }>; peak: Record<string, number> } {
    const inFlight: Record<string, number> = {};
    const peak: Record<string, number> = {};
    const waiting: Record<string, Array<() => void>> = {};
    const calls: Array<{ id: string; payload: WarmingEvent }> = [];
    let containers = 0;
    return {
      calls,
      peak,
      async invoke(target: WarmTarget, payload: WarmingEvent) {
        calls.push({ id: target.id, payload });
        inFlight[target.id] = (inFlight[target.id] ?? 0) + 1;
        peak[target.id] = Math.max(peak[target.id] ?? 0, inFlight[target.id] as number);
        const queue = waiting[target.id] ?? [];
        waiting[target.id] = queue;
        if (inFlight[target.id] === expected[target.id]) for (const release of queue) release();
        else await new Promise<void>((resolve) => queue.push(resolve));
        containers += 1;
        // The first two containers of every run are new (cold), the rest were already warm.
        return { warmed: true, cold: containers <= 2, functionName: target.id };
      },
    };
  }

  it('invokes each target its configured concurrency at once, with warming payloads, and counts cold answers', async () => {
    const targets: WarmTarget[] = [
      { id: 'vendors.search', nameEnvVar: 'X', concurrency: 3 },
      { id: 'vendors.get', nameEnvVar: 'Y', concurrency: 5 },
    ];
    const invoker = concurrentInvoker({ 'vendors.search': 3, 'vendors.get': 5 });
    const report = await warmFunctions(targets, invoker, { holdMs: 40 });

    expect(invoker.calls.filter((call) => call.id === 'vendors.search')).toHaveLength(3);
    expect(invoker.calls.filter((call) => call.id === 'vendors.get')).toHaveLength(5);
    expect(invoker.peak).toEqual({ 'vendors.search': 3, 'vendors.get': 5 });
    const payloads = invoker.calls.filter((call) => call.id === 'vendors.get').map((call) => call.payload);
    expect(payloads.map((p) => p.invocation).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(payloads.every((p) => p.source === WARMER_EVENT_SOURCE && p.concurrency === 5 && p.holdMs === 40)).toBe(true);
    expect(report).toMatchObject({ invoked: 8, warmed: 8, cold: 2, failed: 0 });
  });

  it('reports a failing or unwired function without stopping the others', async () => {
    const invoker: FunctionInvoker = {
      invoke: async (target) => {
        if (target.id === 'broken.fn') throw new Error('boom');
        if (target.id === 'plain.fn') return { statusCode: 200 };
        return { warmed: true, cold: false };
      },
    };
    const report = await warmFunctions(
      [
        { id: 'ok.fn', nameEnvVar: 'A', concurrency: 2 },
        { id: 'broken.fn', nameEnvVar: 'B', concurrency: 2 },
        { id: 'plain.fn', nameEnvVar: 'C', concurrency: 1 },
      ],
      invoker,
    );
    expect(report.functions.find((f) => f.id === 'ok.fn')).toMatchObject({ warmed: 2, failed: 0 });
    expect(report.functions.find((f) => f.id === 'broken.fn')).toMatchObject({ warmed: 0, failed: 2, errors: ['boom'] });
    expect(report.functions.find((f) => f.id === 'plain.fn')?.errors[0]).toMatch(/did not answer as warmed/);
    expect(report.failed).toBe(3);
  });

  it('the Lambda invoker names the missing env var when CDK did not wire a function name', async () => {
    const report = await warmFunctions(
      [{ id: 'vendors.get', nameEnvVar: functionNameEnvVar('vendors.get'), concurrency: 1 }],
      lambdaInvoker({}),
    );
    expect(report.functions[0]?.errors[0]).toMatch(/FUNCTION_NAME_VENDORS_GET is not set/);
  });
});
