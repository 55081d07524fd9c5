export { type AuthContext, assertOwnerOrAdmin, authFromEvent, authorize, hasRole } from './claims';
