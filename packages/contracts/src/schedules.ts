import type { ScheduleContract } from './types';

/** EventBridge schedules; the local stack's scheduler fires the same ones. */
export const SCHEDULES: ReadonlyArray<ScheduleContract> = [];
