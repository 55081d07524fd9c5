/** Where jest/globalSetup.cluster.ts parks the cluster engines' env (JSON) for jest/env.cluster.ts. */
export const CLUSTER_ENV_VAR = 'ROADCALL_TEST_CLUSTER_ENV';
