export { isBinaryContentType, lambdaContext, toProxyEvent } from './event';
export { type MatchResult, type RouteMatch, type RoutePattern, Router } from './router';
export {
  type ApiServerOptions,
  isProxyResult,
  PREFLIGHT_HEADERS,
  type RunningApiServer,
  readBody,
  sendJson,
  startApiServer,
  writeProxyResult,
} from './server';
export { type LocalSiteOptions, localSite, type SiteAnswer, type StaticSite } from './site';
export { type StreamingHandler, serveStream } from './stream';
