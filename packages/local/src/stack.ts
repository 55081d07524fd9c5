import { SQSClient } from '@aws-sdk/client-sqs';
import { functionId, QUEUES, ROUTES, type RouteContract, SCHEDULES, type ScheduleContract } from '@roadcall/contracts';
import { setFunctionCaller } from '@roadcall/utils/invoke';
import { setWarmerInvoker } from '@roadcall/utils/warmer';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type RunningApiServer, startApiServer } from './api';
import { startApiWorkers } from './api/workers';
import { localFunctionCaller } from './functionCaller';
import { type HandlerResolver, moduleResolver } from './handlers';
import type { ProvisionedQueue } from './provision';
import { type QueueBinding, QueuePoller, type QueuePollerOptions } from './queues';
import { Scheduler, type SchedulerOptions } from './scheduler';
import { localInvoker } from './warmer/invoker';

/** Local parallel polling loops per queue, whatever the AWS mapping's maximum concurrency. */
const LOCAL_MAX_POLLERS = 2;

export interface LocalStackOptions {
  /** The engines' env (from the engines process); applied to process.env before any handler loads. */
  readonly env: Record<string, string>;
  readonly queues: Record<string, ProvisionedQueue>;
  readonly jwtSecret: string;
  readonly port?: number;
  readonly host?: string;
  readonly routes?: ReadonlyArray<RouteContract>;
  readonly schedules?: ReadonlyArray<ScheduleContract>;
  readonly resolve?: HandlerResolver;
  readonly onRequest?: Parameters<typeof startApiServer>[0]['onRequest'];
  /** The dashboard and /openapi.json (api/site.ts). */
  readonly site?: Parameters<typeof startApiServer>[0]['site'];
  readonly onBatch?: QueuePollerOptions['onBatch'];
  readonly onFire?: SchedulerOptions['onFire'];
  /**
   * Processes serving the API (default 1: this one). With more, the contracts' routes are served
   * by that many worker processes on one port (api/workers.ts); `routes`, `resolve` and `site`
   * then apply to this process only (queues and schedules), so they must be left at their defaults.
   */
  readonly workers?: number;
}

export interface LocalStack {
  readonly api: RunningApiServer;
  readonly poller: QueuePoller;
  readonly scheduler: Scheduler;
  stop(): Promise<void>;
}

/** The contracts' queue consumers as poller bindings. */
export function queueBindings(queues: Record<string, ProvisionedQueue>, resolve: HandlerResolver): QueueBinding[] {
  return Object.entries(QUEUES).flatMap(([key, contract]) => {
    const provisioned = queues[key];
    if (!('consumer' in contract) || !contract.consumer || !provisioned) return [];
    const consumer = contract.consumer;
    return [
      {
        functionName: functionId(consumer),
        queueUrl: provisioned.url,
        queueArn: provisioned.arn,
        batchSize: consumer.batchSize,
        concurrency: Math.min(consumer.maxConcurrency, LOCAL_MAX_POLLERS),
        timeoutSeconds: consumer.timeoutSeconds,
        handler: (event: SQSEvent, context) => resolve(consumer)(event as never, context) as Promise<SQSBatchResponse | undefined>,
      },
    ];
  });
}

/**
 * Serves the contracts locally: the API adapter, the queue poller and the scheduler, with the
 * same handler files CDK deploys.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  Object.assign(process.env, options.env);
  const resolve = options.resolve ?? moduleResolver();
  // The warmer function (fired by the scheduler) reaches the handlers in-process, as Lambda Invoke would.
  setWarmerInvoker(localInvoker(resolve));
  // Invocable functions (contracts INVOCABLES) likewise: in-process, as Lambda Invoke would run them.
  setFunctionCaller(localFunctionCaller(resolve));
  const workers = options.workers ?? 1;
  if (workers > 1 && (options.routes || options.resolve || options.site)) {
    throw new Error("API workers serve the contracts' routes from their own processes: routes, resolve and site need workers = 1");
  }
  const api =
    workers > 1
      ? await startApiWorkers(workers, {
          jwtSecret: options.jwtSecret,
          stage: options.env.STAGE ?? 'local',
          port: options.port,
          host: options.host,
          onRequest: options.onRequest,
        })
      : await startApiServer({
          routes: options.routes ?? ROUTES,
          resolve,
          jwtSecret: options.jwtSecret,
          stage: options.env.STAGE ?? 'local',
          port: options.port,
          host: options.host,
          onRequest: options.onRequest,
          site: options.site,
        });
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const poller = new QueuePoller({ sqs, bindings: queueBindings(options.queues, resolve), onBatch: options.onBatch });
  poller.start();
  const scheduler = new Scheduler({
    schedules: options.schedules ?? SCHEDULES,
    resolve: (schedule) => (event, context) => resolve(schedule.target)(event as never, context),
    onFire: options.onFire,
  });
  scheduler.start();
  return {
    api,
    poller,
    scheduler,
    stop: async () => {
      scheduler.stop();
      setWarmerInvoker(undefined);
      setFunctionCaller(undefined);
      await Promise.allSettled([poller.stop(), api.close()]);
      sqs.destroy();
    },
  };
}
