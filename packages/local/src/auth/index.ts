export { DEMO_USERS, type LocalIdentity } from './demoUsers';
export { signLocalToken, verifyLocalToken } from './tokens';
