export { authenticateWith } from './auth';
export { closeRedisClient, createRedisClient, redisClient } from './client';
