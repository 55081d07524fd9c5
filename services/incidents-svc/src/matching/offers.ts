import { type RedisClient, type RedisCommand, runBatch } from '@roadcall/utils/redis';
import { OFFER_KEY_TTL_SECONDS } from '../constants';
import { incidentKeys } from '../keys';
import type { Incident, Offer } from '../types';

/** The message published on the offers channel for every round that offers vendors an incident. */
export interface OfferEvent {
  readonly incidentId: string;
  readonly vendorIds: ReadonlyArray<string>;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly serviceType: string;
  readonly location: { readonly lat: number; readonly lon: number };
}

/** The narrow Redis client the offer board needs. */
export type OfferRedis = RedisClient;

/**
 * Where vendors learn about offers: each vendor's open offers in a sorted set (score = expiry, so
 * expired ones drop out of reads by score), and one pub/sub message per round for push delivery
 * (a WebSocket or mobile push bridge subscribes to it; the benchmark's vendor fleet does).
 *
 * @example
 * const open = await board.openOffers('vendor-000001'); // incident ids
 */
export class OfferBoard {
  readonly #redis: OfferRedis;

  constructor(redis: OfferRedis) {
    this.#redis = redis;
  }

  async publish(incident: Incident, offer: Offer): Promise<void> {
    // One round trip (per shard in a cluster, where each vendor's set has its own slot).
    const commands: RedisCommand[] = [];
    for (const vendorId of offer.vendorIds) {
      const key = incidentKeys.vendorOffers(vendorId);
      commands.push(['zadd', key, offer.expiresAt, incident.incidentId]);
      commands.push(['zremrangebyscore', key, '-inf', Date.now()]);
      commands.push(['expire', key, OFFER_KEY_TTL_SECONDS]);
    }
    const event: OfferEvent = {
      incidentId: incident.incidentId,
      vendorIds: offer.vendorIds,
      expiresAt: offer.expiresAt,
      serviceType: incident.serviceType,
      location: incident.location,
    };
    commands.push(['publish', incidentKeys.offerChannel(), JSON.stringify(event)]);
    await runBatch(this.#redis, commands);
  }

  /** Removes the incident from these vendors' open offers (accepted, cancelled, moved on). */
  async withdraw(incidentId: string, vendorIds: ReadonlyArray<string>): Promise<void> {
    if (vendorIds.length === 0) return;
    await runBatch(
      this.#redis,
      vendorIds.map((vendorId): RedisCommand => ['zrem', incidentKeys.vendorOffers(vendorId), incidentId]),
    );
  }

  /** Incident ids offered to the vendor whose offer has not expired, soonest to expire first. */
  async openOffers(vendorId: string, now = Date.now()): Promise<string[]> {
    return this.#redis.zrangebyscore(incidentKeys.vendorOffers(vendorId), now, '+inf');
  }
}
