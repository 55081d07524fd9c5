import { request as httpRequest, type IncomingMessage } from 'node:http';

/** One Server-Sent Event (or comment) as the client parsed it. */
export interface ReceivedEvent {
  readonly event?: string;
  readonly id?: string;
  readonly data?: Record<string, unknown>;
  readonly comment?: string;
  readonly retry?: number;
}

/**
 * A minimal SSE client over node:http for tests of the streaming routes (GET /events,
 * GET /jobs/{id}/events), as a browser's EventSource behaves: records every event, comment and
 * `retry:` in order and remembers the last `id:` (what it would send back as Last-Event-ID).
 *
 * @example
 * const client = new SseClient(`${api.url}/events`, token);
 * await client.connected();
 * const done = await client.waitFor((event) => event.event === 'job_complete');
 * client.close();
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  body = '';
  done = false;
  lastEventId: string | undefined;
  readonly ended: Promise<void>;
  readonly #waiters: Array<() => void> = [];
  #request?: ReturnType<typeof httpRequest>;

  constructor(url: string, token: string, lastEventId?: string) {
    this.ended = new Promise<void>((resolve, reject) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      this.#request = httpRequest(url, { headers }, (res) => {
        this.status = res.statusCode ?? 0;
        this.headers = res.headers;
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          this.body += chunk;
          buffer += chunk;
          let index = buffer.indexOf('\n\n');
          while (index !== -1) {
            this.#parse(buffer.slice(0, index));
            buffer = buffer.slice(index + 2);
            index = buffer.indexOf('\n\n');
          }
        });
        const finish = (): void => {
          this.done = true;
          resolve();
          for (const waiter of this.#waiters.splice(0)) waiter();
        };
        res.on('end', finish);
        res.on('close', finish);
      });
      this.#request.on('error', (error) => {
        this.done = true;
        reject(error);
      });
      this.#request.end();
    });
    this.ended.catch(() => undefined);
  }

  #parse(block: string): void {
    const entry: { event?: string; id?: string; data?: Record<string, unknown>; comment?: string; retry?: number } = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) entry.comment = line.slice(1).trim();
      else if (line.startsWith('event: ')) entry.event = line.slice(7);
      else if (line.startsWith('id: ')) entry.id = line.slice(4);
      else if (line.startsWith('retry: ')) entry.retry = Number(line.slice(7));
      else if (line.startsWith('data: ')) entry.data = JSON.parse(line.slice(6)) as Record<string, unknown>;
    }
    if (entry.id !== undefined) this.lastEventId = entry.id;
    this.events.push(entry);
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** The events (not comments) received so far, optionally of one type. */
  named(type?: string): ReceivedEvent[] {
    return this.events.filter((event) => event.event !== undefined && (type === undefined || event.event === type));
  }

  /** Resolves once an event (or comment) matching `predicate` has arrived; rejects if the stream ends first. */
  async waitFor(predicate: (event: ReceivedEvent) => boolean, timeoutMs = 15_000): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.done) throw new Error(`The SSE stream ended before the awaited event (status ${this.status}): ${this.body}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for an SSE event: ${this.body}`);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#waiters.push(resolve)),
        new Promise((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
  }

  /** Resolves once the stream is open and reading (its `: connected` comment). */
  connected(): Promise<ReceivedEvent> {
    return this.waitFor((event) => event.comment === 'connected');
  }

  close(): void {
    this.#request?.destroy();
  }
}
