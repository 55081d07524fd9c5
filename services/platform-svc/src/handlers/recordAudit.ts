import { observeInvocation } from '@roadcall/utils/functions';
import { validate } from '@roadcall/utils/http';
import { type InvokeReply, invokeReply } from '@roadcall/utils/invoke';
import { markInvocation } from '@roadcall/utils/warmer';
import { type AdminAction, recordAdminAction } from '../audit/log';
import { auditRequest } from '../audit/request';

const FUNCTION_ID = 'platform.recordAudit';

/**
 * `platform.recordAudit` (contracts `INVOCABLES`, invoked by the jobs create function for a bulk
 * operation): records an admin action another service performed in the audit log, which only the
 * platform service writes, and drops the log's cached pages.
 */
export const handler = (event: unknown): Promise<InvokeReply<AdminAction>> =>
  // Recorded like every function (count, errors, latency, cold starts) in /performance/metrics.
  observeInvocation(FUNCTION_ID, markInvocation(FUNCTION_ID), () =>
    invokeReply(async () => {
      const request = validate(auditRequest, event, 'body');
      return recordAdminAction(request);
    }),
  );
