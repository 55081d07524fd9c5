export { ConfigError } from './errors';
export { loadConfig } from './loadConfig';
export { bucketName, queueUrl, tableName } from './resources';
export { isLambdaRuntime, stage } from './runtime';
