import { randomUUID } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { containerUptimeMs } from '../warmer/coldStart';
import { localSseConnections } from './sse';
import type { ContainerStats, PoolStats } from './types';

const MB = 1024 * 1024;
/** This process's id in the aggregate: one Lambda container, or one local process. */
export const CONTAINER_ID = randomUUID().slice(0, 12);

/** The function this container serves (Lambda's name, else the service name, else the process). */
export function containerFunctionName(): string {
  return process.env.AWS_LAMBDA_FUNCTION_NAME || process.env.POWERTOOLS_SERVICE_NAME || `local-${process.pid}`;
}

let lastCpu = { at: performance.now(), usage: process.cpuUsage() };

/**
 * CPU (user + system) over the wall time since the previous reading, in percent of one core. The
 * first reading covers the time since this module loaded.
 *
 * @example
 * cpuPercentSinceLastReading(); // e.g. 12.5 while a container serves requests
 */
export function cpuPercentSinceLastReading(): number {
  const now = performance.now();
  const usage = process.cpuUsage();
  const wallMs = now - lastCpu.at;
  const cpuMs = (usage.user - lastCpu.usage.user + usage.system - lastCpu.usage.system) / 1000;
  lastCpu = { at: now, usage };
  return wallMs > 0 ? Math.round((cpuMs / wallMs) * 1000) / 10 : 0;
}

/** Memory, CPU, uptime and open SSE connections now. */
export function containerStats(invocations: number, pools: ReadonlyArray<PoolStats>, at = Date.now()): ContainerStats {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const lambdaMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  return {
    id: CONTAINER_ID,
    functionName: containerFunctionName(),
    rssMb: Math.round((memory.rss / MB) * 10) / 10,
    heapUsedMb: Math.round((memory.heapUsed / MB) * 10) / 10,
    memoryLimitMb: lambdaMb > 0 ? lambdaMb : Math.round(getHeapStatistics().heap_size_limit / MB),
    uptimeSeconds: Math.round(containerUptimeMs() / 1000),
    cpuPercent: cpuPercentSinceLastReading(),
    cpuUserMs: Math.round(cpu.user / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
    sseConnections: localSseConnections(),
    invocations,
    pools,
    at,
  };
}
