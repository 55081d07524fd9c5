/**
 * The integration suites the `integration-cluster` jest project runs against a local Redis
 * Cluster: every suite that uses the shared Redis, and the cluster-only ones (*.cluster.test.ts).
 */
module.exports.CLUSTER_SUITES = [
  'packages/utils/tests/integration/cache.http.test.ts',
  'packages/utils/tests/integration/cache.invalidation.test.ts',
  'packages/utils/tests/integration/cache.stampede.test.ts',
  'packages/utils/tests/integration/cache.tiers.test.ts',
  'packages/utils/tests/integration/geo.test.ts',
  'services/incidents-svc/tests/integration/incidents.test.ts',
  'services/incidents-svc/tests/integration/failover.cluster.test.ts',
  'services/platform-svc/tests/integration/performance.test.ts',
  'services/tracking-svc/tests/integration/tracking.test.ts',
  'services/vendors-svc/tests/integration/routes.test.ts',
  'services/vendors-svc/tests/integration/service.test.ts',
];
