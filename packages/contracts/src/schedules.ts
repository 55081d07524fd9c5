import type { ScheduleContract } from './types';

/** EventBridge schedules; the local stack's scheduler fires the same ones. */
export const SCHEDULES: ReadonlyArray<ScheduleContract> = [
  {
    // No static input: the warmer must not itself look like a warming event (it would short-circuit).
    id: 'platform-warmer',
    expression: 'rate(5 minutes)',
    description: 'Invokes every warm-marked function N times at once so N containers stay initialised.',
    target: { service: 'platform', handler: 'warmer', uses: { invoke: true }, timeoutSeconds: 30, memoryMb: 256 },
  },
];
