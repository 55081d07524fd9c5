import { observeInvocation } from '@roadcall/utils/functions';
import { validate } from '@roadcall/utils/http';
import { type InvokeReply, invokeReply } from '@roadcall/utils/invoke';
import { markInvocation } from '@roadcall/utils/warmer';
import { type ChangeItemResult, changeRequest } from '../portTypes';
import { vendorService } from '../runtime';

const FUNCTION_ID = 'vendors.applyChanges';

/**
 * `vendors.applyChanges` (contracts `INVOCABLES`, invoked by the jobs consumer per chunk of a bulk
 * operation): the vendors service applies the patch to each vendor as its routes would (table, geo
 * index, profile and search cache purge) and answers one result per vendor.
 */
export const handler = (event: unknown): Promise<InvokeReply<ChangeItemResult[]>> =>
  // Recorded like every function (count, errors, latency, cold starts) in /performance/metrics.
  observeInvocation(
    FUNCTION_ID,
    markInvocation(FUNCTION_ID),
    () =>
      invokeReply(async () => {
        const request = validate(changeRequest, event, 'body');
        return vendorService().applyChanges(request.vendorIds, request.patch);
      }),
    { flush: true },
  );
