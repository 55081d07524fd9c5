export { closeRedisClient, createRedisClient, redisClient } from './client';
