export { DEMO_USERS, type LocalIdentity } from './demoUsers';
export { signLocalToken, verifyLocalToken } from './tokens';
export { AUTHORIZER_CACHE_MAX_ENTRIES, AUTHORIZER_CACHE_TTL_MS, cachedTokenVerifier } from './verifier';
