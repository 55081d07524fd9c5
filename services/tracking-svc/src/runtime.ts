import { redisClient } from '@roadcall/utils/redis';
import { trackingConfig } from './config';
import { HistoryWriter } from './history';
import { incidentsPort } from './ports';
import { PositionStore } from './positions';
import { FixedWindowLimiter } from './rateLimit';
import { TrackingService } from './service';

let service: TrackingService | undefined;
let writer: HistoryWriter | undefined;

/** The container's history writer (created on first use). */
export function historyWriter(): HistoryWriter {
  writer ??= new HistoryWriter(redisClient(), () => trackingConfig().historyTtlDays);
  return writer;
}

/** The container's tracking service (created on first use). */
export function trackingService(): TrackingService {
  service ??= new TrackingService({
    positions: new PositionStore(redisClient()),
    history: historyWriter(),
    limiter: new FixedWindowLimiter(redisClient()),
    incidents: incidentsPort(),
  });
  return service;
}
