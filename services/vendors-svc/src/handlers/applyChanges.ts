import { validate } from '@roadcall/utils/http';
import { type InvokeReply, invokeReply } from '@roadcall/utils/invoke';
import { type ChangeItemResult, changeRequest } from '../portTypes';
import { vendorService } from '../runtime';

/**
 * `vendors.applyChanges` (contracts `INVOCABLES`, invoked by the jobs consumer per chunk of a bulk
 * operation): the vendors service applies the patch to each vendor as its routes would (table, geo
 * index, profile and search cache purge) and answers one result per vendor.
 */
export const handler = (event: unknown): Promise<InvokeReply<ChangeItemResult[]>> =>
  invokeReply(async () => {
    const request = validate(changeRequest, event, 'body');
    return (await vendorService()).applyChanges(request.vendorIds, request.patch);
  });
