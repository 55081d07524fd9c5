export { closeRedisClient, createRedisClient, redisClient } from './client';
export { authenticateWith } from './auth';
