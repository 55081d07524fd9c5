import { ENV } from '@roadcall/contracts';

/** CORS headers on every response; API Gateway (and the local adapter) answer the preflight. */
export function corsHeaders(): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': process.env[ENV.corsOrigin] || '*',
    'Access-Control-Allow-Headers': 'Authorization,Content-Type,Idempotency-Key,If-None-Match',
    'Access-Control-Expose-Headers': 'X-Cache,X-Degraded,ETag,X-Request-Id,Retry-After,Location,Idempotent-Replayed',
  };
}
