/** Named values of the CDK app; stage-dependent sizes live in stages.ts. */

/** ElastiCache Redis port: not the default 6379, so scans for open Redis ports miss it. */
export const REDIS_PORT = 6380;
/**
 * Aurora PostgreSQL's port. The standard one on purpose: RDS Proxy always listens on 5432, and the
 * handlers take the port from the generated secret (which carries the cluster's port) when they
 * connect to the proxy, so a non-default cluster port would send them to a closed proxy port.
 */
export const DATABASE_PORT = 5432;
/** RDS Proxy client port (the proxy always listens on the engine's standard port). */
export const PROXY_PORT = 5432;
/** DAX encrypted (TLS) endpoint port. */
export const DAX_TLS_PORT = 9111;
/** Database name created in the cluster (the handlers read it from DATABASE_NAME). */
export const DATABASE_NAME = 'roadcall';
/** Every warm function is invoked on this schedule (when the contracts declare no warmer schedule of their own). */
export const WARMER_RATE_MINUTES = 5;

/**
 * Custom metrics the handlers emit (CloudWatch EMF via packages/utils/src/metrics/emf.ts, namespace
 * POWERTOOLS_METRICS_NAMESPACE) that the dashboard and alarms read: keep the two in step.
 */
export const METRICS = {
  namespace: 'Roadcall',
  /** Hits per cache namespace and tier (dimensions `service`, `namespace`, `tier`). */
  cacheHit: 'CacheHits',
  /** Misses per cache namespace and tier (same dimensions). */
  cacheMiss: 'CacheMisses',
  /** Cold invocations per function (dimensions `service`, `function` = the contract function id). */
  coldStart: 'ColdStarts',
  /** Invocations per function (same dimensions). */
  invocations: 'Invocations',
} as const;

/** Tags on every resource. */
export const APP_TAG = 'roadcall';
