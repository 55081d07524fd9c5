export { type AuthContext, actsForVendor, assertOwnerOrAdmin, authFromEvent, authorize, hasRole } from './claims';
