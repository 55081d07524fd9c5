import { setMaxListeners } from 'node:events';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../api/event';
import { toSqsEvent } from './sqsEvent';

/** A queue wired to its consumer, as an event source mapping is in AWS. */
export interface QueueBinding {
  /** Function name in logs and the Lambda context. */
  readonly functionName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly batchSize: number;
  /** Parallel polling loops (the mapping's maximum concurrency, capped locally). */
  readonly concurrency?: number;
  readonly timeoutSeconds?: number;
  /** MaximumBatchingWindowInSeconds: keep receiving until batchSize messages or this long (default 0). */
  readonly batchingWindowSeconds?: number;
  /** FunctionResponseTypes has ReportBatchItemFailures (default true): honour `batchItemFailures`. */
  readonly reportBatchItemFailures?: boolean;
  readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;
}

export interface QueuePollerOptions {
  readonly sqs: SQSClient;
  readonly bindings: ReadonlyArray<QueueBinding>;
  readonly region?: string;
  /** Long-poll wait per receive; short so that stop() is quick. */
  readonly waitTimeSeconds?: number;
  readonly onBatch?: (entry: { functionName: string; received: number; failed: number; error?: unknown }) => void;
}

/**
 * Polls queues and delivers SQS-shaped batches to their consumers like Lambda's event source
 * mapping: messages named in `batchItemFailures` (or the whole batch, when the handler throws)
 * are left to reappear after the visibility timeout; the rest are deleted. Redrive to the DLQ
 * after maxReceiveCount is the queue's own (fauxqs honours the RedrivePolicy).
 */
export class QueuePoller {
  readonly #options: QueuePollerOptions;
  readonly #abort = new AbortController();
  readonly #loops: Promise<void>[] = [];

  constructor(options: QueuePollerOptions) {
    this.#options = options;
    // Every in-flight receive listens on the one abort signal (the SDK adds listeners per call).
    setMaxListeners(0, this.#abort.signal);
  }

  start(): void {
    for (const binding of this.#options.bindings) {
      const loops = Math.max(1, binding.concurrency ?? 1);
      for (let index = 0; index < loops; index++) this.#loops.push(this.#poll(binding));
    }
  }

  /** Stops polling and waits for batches in flight to finish. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#loops);
  }

  async #poll(binding: QueueBinding): Promise<void> {
    const { sqs } = this.#options;
    while (!this.#abort.signal.aborted) {
      let messages: Message[];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: binding.queueUrl,
            MaxNumberOfMessages: Math.min(binding.batchSize, 10),
            WaitTimeSeconds: this.#options.waitTimeSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.#abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        this.#options.onBatch?.({ functionName: binding.functionName, received: 0, failed: 0, error });
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length > 0 && (binding.batchingWindowSeconds ?? 0) > 0) messages = await this.#fill(binding, messages);
      if (messages.length > 0) await this.#deliver(binding, messages);
    }
  }

  /** The batching window: more receives until the batch is full or the window has passed. */
  async #fill(binding: QueueBinding, first: Message[]): Promise<Message[]> {
    const messages = [...first];
    const deadline = Date.now() + (binding.batchingWindowSeconds ?? 0) * 1000;
    while (messages.length < binding.batchSize && Date.now() < deadline && !this.#abort.signal.aborted) {
      const received = await this.#options.sqs
        .send(
          new ReceiveMessageCommand({
            QueueUrl: binding.queueUrl,
            MaxNumberOfMessages: Math.min(binding.batchSize - messages.length, 10),
            WaitTimeSeconds: Math.max(0, Math.min(20, Math.floor((deadline - Date.now()) / 1000))),
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.#abort.signal },
        )
        .catch(() => ({ Messages: [] as Message[] }));
      messages.push(...(received.Messages ?? []));
    }
    return messages;
  }

  async #deliver(binding: QueueBinding, messages: Message[]): Promise<void> {
    const event = toSqsEvent(messages, binding.queueArn, this.#options.region ?? 'us-east-1');
    let failedIds: Set<string>;
    let error: unknown;
    try {
      const response = await binding.handler(event, lambdaContext(binding.functionName, binding.timeoutSeconds ?? 30, 1024));
      const reported = binding.reportBatchItemFailures === false ? [] : (response?.batchItemFailures ?? []);
      failedIds = new Set(reported.map((failure) => failure.itemIdentifier));
    } catch (thrown) {
      // A thrown handler fails the whole batch, as in AWS.
      error = thrown;
      failedIds = new Set(messages.map((message) => message.MessageId as string));
    }
    const done = messages.filter((message) => !failedIds.has(message.MessageId as string));
    if (done.length > 0) {
      await this.#options.sqs
        .send(
          new DeleteMessageBatchCommand({
            QueueUrl: binding.queueUrl,
            Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle as string })),
          }),
        )
        .catch((deleteError: unknown) => {
          error ??= deleteError;
        });
    }
    this.#options.onBatch?.({ functionName: binding.functionName, received: messages.length, failed: failedIds.size, error });
  }
}
