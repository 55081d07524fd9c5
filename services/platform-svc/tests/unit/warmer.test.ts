import { ENV, SCHEDULES, WARMER, warmTargets } from '@roadcall/contracts';
import { localInvoker, moduleResolver, Scheduler } from '@roadcall/local';
import { type FunctionInvoker, setWarmerInvoker, type WarmReport } from '@roadcall/utils/warmer';

/**
 * The warmer end to end in one process, as the local stack runs it: the scheduler fires the
 * contracts' `platform-warmer` schedule, the warmer invokes each warm-marked handler in-process.
 * Warming never does I/O, so no engines are needed.
 */
afterEach(() => {
  setWarmerInvoker(undefined);
  delete process.env[ENV.warmerConcurrency];
});

it('is scheduled every 5 minutes in the contracts', () => {
  const schedule = SCHEDULES.find((candidate) => candidate.id === WARMER.scheduleId);
  expect(schedule).toMatchObject({
    expression: 'rate(5 minutes)',
    target: { service: 'platform', handler: 'warmer', uses: { invoke: true } },
  });
});

it('fires through the scheduler against the real local handlers and reports cold containers', async () => {
  const resolve = moduleResolver();
  const real = localInvoker(resolve);
  const calls: string[] = [];
  const counting: FunctionInvoker = {
    invoke: (target, payload) => {
      calls.push(target.id);
      return real.invoke(target, payload);
    },
  };
  setWarmerInvoker(counting);
  const scheduler = new Scheduler({
    schedules: SCHEDULES,
    resolve: (schedule) => (event, context) => resolve(schedule.target)(event as never, context),
  });

  const targets = warmTargets();
  expect(targets.map((t) => t.id)).toContain('platform.health');
  const first = (await scheduler.fire(WARMER.scheduleId)) as WarmReport;
  // Every warm-marked function, each its configured number of times (other areas' functions included).
  expect(calls).toHaveLength(targets.reduce((sum, target) => sum + target.concurrency, 0));
  expect(first.invoked).toBe(calls.length);
  // One local process is one container per function: its first warming answer is the cold one.
  expect(first.functions.find((f) => f.id === 'platform.health')).toMatchObject({ concurrency: 3, warmed: 3, cold: 1 });

  process.env[ENV.warmerConcurrency] = '5';
  const second = (await scheduler.fire(WARMER.scheduleId)) as WarmReport;
  expect(second.functions.find((f) => f.id === 'platform.health')).toMatchObject({ concurrency: 5, warmed: 5, cold: 0 });
});
