/**
 * Server-Sent Events timing shared by the stream handlers and the CDK app: one number for both,
 * so the edge can never time out a stream between two keep-alives.
 */

/**
 * A `: keep-alive` comment goes out when a stream has been quiet this long. It must stay well
 * under every idle timeout on the way: CloudFront's origin response (read) timeout for the stream
 * behaviors (60 s, the most CloudFront allows without a quota increase; see
 * infrastructure/lib/stacks/edge-stack.ts) and any proxy between the viewer and CloudFront.
 *
 * @example
 * if (Date.now() - lastSent >= SSE_KEEP_ALIVE_SECONDS * 1000) sse.comment('keep-alive');
 */
export const SSE_KEEP_ALIVE_SECONDS = 15;

/**
 * Open SSE connections are counted across containers (`/performance/metrics`): each container
 * renews its connections' entries every third of this, so one that has not been renewed for this
 * long belonged to a container that went away without closing it, and is pruned from the counts.
 *
 * @example
 * redis.zremrangebyscore(key, '-inf', Date.now() - SSE_CONNECTION_STALE_SECONDS * 1000);
 */
export const SSE_CONNECTION_STALE_SECONDS = 3 * SSE_KEEP_ALIVE_SECONDS;
