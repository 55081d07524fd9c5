/**
 * The admin audit log's public face for other services (`@roadcall/platform-svc/audit`): only
 * platform functions write or read the table, so another service records an admin action by a
 * synchronous Lambda Invoke of `platform.recordAudit` (contracts `INVOCABLES`; in-process under
 * `pnpm dev` and in tests). The caller needs `uses.invokes` and no grant on the table. It loads no
 * table, Redis or cache code.
 */
import { INVOCABLE_FUNCTIONS } from '@roadcall/contracts';
import { invokeFunction } from '@roadcall/utils/invoke';
import type { AdminAction } from './log';
import type { AuditRequest } from './request';

export type { AdminAction, AuditPage } from './log';
export { ADMIN_ACTION_KINDS, type AdminActionKind, type AuditRequest, MAX_AUDIT_DETAILS_BYTES } from './request';

/**
 * Records an admin action in the platform's audit log and answers the stored entry. A refusal
 * (invalid request) is a 400 `RemoteFunctionError`; the platform function failing or unreachable
 * is a 503, and then nothing was recorded.
 *
 * @example
 * await auditAdminAction({ actor: auth.userId, action: 'jobs.bulk', subject: job.jobId, details: { vendors: 120 } });
 */
export function auditAdminAction(request: AuditRequest): Promise<AdminAction> {
  return invokeFunction<AdminAction>(INVOCABLE_FUNCTIONS.platformRecordAudit, request);
}
