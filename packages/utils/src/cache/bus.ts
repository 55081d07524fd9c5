import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { isCluster, type RedisClient } from '../redis';

/** A cross-container invalidation: keys, the whole namespace, a glob pattern, or a tag. */
export type InvalidationMessage =
  | { readonly op: 'keys'; readonly ns: string; readonly keys: ReadonlyArray<string> }
  | { readonly op: 'namespace'; readonly ns: string }
  | { readonly op: 'pattern'; readonly ns: string; readonly pattern: string }
  | { readonly op: 'tag'; readonly ns: string; readonly tag: string; readonly keys: ReadonlyArray<string> };

/** What a cache registers to receive other containers' invalidations for its namespace. */
export interface InvalidationReceiver {
  applyRemote(message: InvalidationMessage): void;
  /** The subscription was lost and regained: messages may have been missed, drop all of L1. */
  clearLocal(): void;
}

/** ioredis' private per-Cluster subscription manager (see {@link onSubscriptionMoved}). */
interface ClusterSubscriberInternals {
  selectSubscriber?: () => void;
}

/**
 * Calls `lost` whenever a Cluster's subscription connection is replaced after the first one. A
 * Cluster stays `ready` when only its subscriber connection drops (killed, its node failed over):
 * ioredis' ClusterSubscriber picks another node and resubscribes by itself, emitting nothing, and
 * what was published meanwhile is lost. Its `selectSubscriber` (private API, ioredis 5) is that
 * moment; where it is missing (another ioredis), a node leaving the topology (`-node`) is the
 * signal. The cluster tests of cache.invalidation and the failover test fail if neither fires.
 */
function onSubscriptionMoved(cluster: Cluster, lost: () => void): void {
  const internals = (cluster as unknown as { subscriber?: ClusterSubscriberInternals }).subscriber;
  const select = internals?.selectSubscriber;
  if (!internals || typeof select !== 'function') {
    cluster.on('-node', lost);
    return;
  }
  let selections = 0;
  internals.selectSubscriber = function selectSubscriber(this: ClusterSubscriberInternals): void {
    select.call(this);
    if (++selections > 1) lost();
  };
}

/**
 * Redis pub/sub for L1 invalidation across containers. Each process publishes with its own origin
 * id and ignores its own messages (it applied them locally already). When the subscriber
 * connection drops and comes back, every registered L1 is cleared, since messages sent meanwhile
 * are lost; the L1 TTL cap bounds staleness for the time it takes to notice.
 */
export class InvalidationBus {
  readonly origin = randomUUID();
  readonly channel: string;
  readonly #subscriber: RedisClient;
  readonly #ownsSubscriber: boolean;
  readonly #receivers = new Map<string, Set<InvalidationReceiver>>();
  readonly ready: Promise<void>;
  #lostConnection = false;

  constructor(subscriber: RedisClient, channel: string, ownsSubscriber: boolean) {
    this.channel = channel;
    this.#subscriber = subscriber;
    this.#ownsSubscriber = ownsSubscriber;
    subscriber.on('message', (received: string, payload: string) => {
      if (received === channel) this.#dispatch(payload);
    });
    subscriber.on('close', () => {
      this.#lostConnection = true;
    });
    subscriber.on('ready', () => {
      if (!this.#lostConnection) return;
      this.#lostConnection = false;
      this.#clearAll();
    });
    if (isCluster(subscriber)) onSubscriptionMoved(subscriber, () => this.#clearAll());
    this.ready = subscriber.subscribe(channel).then(
      () => undefined,
      () => undefined,
    );
  }

  #clearAll(): void {
    for (const set of this.#receivers.values()) for (const receiver of set) receiver.clearLocal();
  }

  register(namespace: string, receiver: InvalidationReceiver): () => void {
    let set = this.#receivers.get(namespace);
    if (!set) {
      set = new Set();
      this.#receivers.set(namespace, set);
    }
    set.add(receiver);
    return () => set.delete(receiver);
  }

  get receiverCount(): number {
    let count = 0;
    for (const set of this.#receivers.values()) count += set.size;
    return count;
  }

  encode(message: InvalidationMessage): string {
    return JSON.stringify({ o: this.origin, m: message });
  }

  #dispatch(payload: string): void {
    let parsed: { o?: string; m?: InvalidationMessage };
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    if (!parsed.m || parsed.o === this.origin) return;
    for (const receiver of this.#receivers.get(parsed.m.ns) ?? []) receiver.applyRemote(parsed.m);
  }

  async close(): Promise<void> {
    if (!this.#ownsSubscriber) return;
    await this.#subscriber.quit().catch(() => this.#subscriber.disconnect());
  }
}
