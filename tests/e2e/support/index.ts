/** The e2e suite's support: the stack of this project's target, an HTTP client, polls, SSE, tokens. */
export { ApiClient, type ApiResponse, type Caller, type ErrorBody, type RequestOptions, show } from './client';
export { currentTarget, e2eStack } from './connect';
export { FLOW_TEST_TIMEOUT_MS } from './constants';
export { E2eStackError, WaitTimeoutError } from './errors';
export { waitFor } from './poll';
export {
  awaitOffer,
  completedIncident,
  type Incident,
  incidentBody,
  newDriver,
  newVendor,
  north,
  remoteSpot,
  type Spot,
  type TestUser,
  type TestVendor,
  type Vendor,
} from './scenario';
export { readSse, type SseEvent } from './sse';
export { tokenFor } from './tokens';
export type { E2eStack, StackTokens } from './types';
