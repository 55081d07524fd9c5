import { randomUUID } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { containerUptimeMs } from '../warmer/coldStart';
import type { ContainerStats, PoolStats } from './types';

const MB = 1024 * 1024;
/** This process's id in the aggregate: one Lambda container, or one local process. */
export const CONTAINER_ID = randomUUID().slice(0, 12);

/** The function this container serves (Lambda's name, else the service name, else the process). */
export function containerFunctionName(): string {
  return process.env.AWS_LAMBDA_FUNCTION_NAME || process.env.POWERTOOLS_SERVICE_NAME || `local-${process.pid}`;
}

/** Memory and uptime now. */
export function containerStats(invocations: number, pools: ReadonlyArray<PoolStats>, at = Date.now()): ContainerStats {
  const memory = process.memoryUsage();
  const lambdaMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  return {
    id: CONTAINER_ID,
    functionName: containerFunctionName(),
    rssMb: Math.round((memory.rss / MB) * 10) / 10,
    heapUsedMb: Math.round((memory.heapUsed / MB) * 10) / 10,
    memoryLimitMb: lambdaMb > 0 ? lambdaMb : Math.round(getHeapStatistics().heap_size_limit / MB),
    uptimeSeconds: Math.round(containerUptimeMs() / 1000),
    invocations,
    pools,
    at,
  };
}
