/**
 * The `integration-cluster` jest project runs the whole integration suite again against a local
 * 3-master Redis Cluster, plus the cluster-only suites (*.cluster.test.ts). A list of the suites
 * that use Redis went stale as soon as a new one did (a service's cache or metrics reach Redis
 * without the test saying so), so the project takes every suite, and this is the short list of
 * those it leaves out, each with the reason it cannot mean anything on a cluster.
 * jest/unit/clusterSuites.test.ts keeps every entry an existing integration suite with a reason.
 */

/** Integration suites the cluster project skips (path from the repo root → why). */
module.exports.CLUSTER_EXCLUDED = {
  // These spawn a standalone redis-server of their own (to kill it, or to require AUTH) and talk
  // to it only (REDIS_CLUSTER=false): on the cluster project they would run the same test again.
  // Their cluster counterpart is services/incidents-svc/tests/integration/failover.cluster.test.ts.
  'packages/utils/tests/integration/cache.breaker.test.ts': 'kills a standalone redis-server of its own',
  'packages/utils/tests/integration/redis-auth.test.ts': 'AUTH against a standalone redis-server of its own',
  'services/incidents-svc/tests/integration/redisOutage.test.ts': 'kills a standalone redis-server of its own',
  'services/vendors-svc/tests/integration/redisOutage.test.ts': 'kills a standalone redis-server of its own',
  'services/platform-svc/tests/integration/health.test.ts': 'kills a standalone redis-server of its own',
  // The cloud runtime serves ElastiCache (cluster mode too) as one standalone redis-server behind
  // its TLS front (docs/cloud-local.md): a cluster's URL is not a Redis it can front.
  'packages/local/tests/integration/cloudRuntime.test.ts': 'the cloud runtime fronts one standalone redis-server, never a cluster',
};
