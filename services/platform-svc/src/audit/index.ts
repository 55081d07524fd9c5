/**
 * The admin audit log: the platform service's narrow interface for recording admin actions
 * (`@roadcall/platform-svc/audit`). Other services record through it; only platform reads the table.
 */
export { type AdminAction, type AdminActionKind, type AuditPage, listAdminActions, recordAdminAction } from './log';
