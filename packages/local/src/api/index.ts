export { isBinaryContentType, lambdaContext, toProxyEvent } from './event';
export { type MatchResult, Router } from './router';
export { type ApiServerOptions, type RunningApiServer, startApiServer } from './server';
export { type StreamingHandler, serveStream } from './stream';
