import { CLUSTER_ENV_VAR } from './clusterEnv';

// The integration-cluster project: point this test file at the cluster engines (REDIS_URL of the
// cluster, REDIS_CLUSTER=true, their own tables, queues and database). Jest gives each test file
// its own copy of process.env, so the integration project's files keep theirs; a child process a
// test spawns gets this env only when the test passes `env: process.env` (the stampede test does).
const parked = process.env[CLUSTER_ENV_VAR];
if (!parked) throw new Error(`${CLUSTER_ENV_VAR} is not set: run through the integration-cluster jest project`);
Object.assign(process.env, JSON.parse(parked) as Record<string, string>);
