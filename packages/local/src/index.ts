/**
 * @roadcall/local: the local stack. Real engines, the contracts' resources, and the handlers
 * served as API Gateway, SQS event source mappings and EventBridge would serve them.
 */
export * from './api';
export * from './auth';
export {
  evaluatePolicy,
  GateConfigError,
  type GateDecision,
  type GatePrincipal,
  type IamGate,
  IamGateError,
  type IamGateOptions,
  type PolicyStatement,
  type SecretsManagerEmulator,
  startIamGate,
  startSecretsManager,
} from './cloud/iam';
export { type DeployTriggerResult, runDeployTriggers } from './deploy';
export {
  createEmbeddedPostgres,
  createOwnDatabase,
  freePort,
  type RunningEngines,
  type SpawnedRedis,
  type SpawnedRedisCluster,
  spawnRedisCluster,
  spawnRedisServer,
  startEngines,
} from './engines';
export { ENGINES_READY_MARKER, type EnginesProcess, spawnEngines } from './enginesProcess';
export { EngineStartError } from './errors';
export { localFunctionCaller } from './functionCaller';
export { type HandlerResolver, type LambdaHandler, moduleResolver, repoRoot } from './handlers';
export { createQueue, createTables, type ProvisionedQueue, provisionContracts } from './provision';
export * from './queues';
export * from './scheduler';
export { LOCAL_SEEDERS, type Seeder } from './seed';
export { type LocalStack, type LocalStackOptions, queueBindings, startLocalStack } from './stack';
export { readStackState, type StackState, stackStateFile, useStackEnv } from './state';
export { type ReceivedEvent, SseClient } from './testing/sseClient';
export { localInvoker } from './warmer/invoker';
