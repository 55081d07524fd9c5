import type { InvocableContract, ResourceUse } from './types';

/** The vendors service's writes: the table (source of truth), then the geo index and cache purges in Redis. */
const VENDORS_WRITES: ResourceUse = { tables: [{ table: 'vendors', access: 'readwrite' }], redis: true };

/**
 * Functions other services call synchronously (Lambda Invoke, RequestResponse): an owner's narrow
 * write interface. A caller lists the id in its `uses.invokes`; CDK then gives it the physical
 * name (`FUNCTION_NAME_<ID>`) and `lambda:InvokeFunction` on that function only, and no grant on
 * the owner's data. Locally the stack calls the handler in-process (the cloud runtime through its
 * Lambda Invoke API and IAM gate).
 */
export const INVOCABLES: ReadonlyArray<InvocableContract> = [
  {
    id: 'vendors-apply-changes',
    description:
      'Applies one chunk of a bulk vendor change through the vendors service (table, geo index, profile and search cache purge); per-item results. Called by the jobs consumer.',
    target: { service: 'vendors', handler: 'applyChanges', uses: VENDORS_WRITES, timeoutSeconds: 60, memoryMb: 512 },
    // Its caller is the jobs consumer (minutes of budget): the callee's own timeout and a margin.
    callerWaitSeconds: 65,
  },
  {
    id: 'vendors-capacity',
    description:
      "Claims and releases a vendor's capacity for an incident (a conditional counter on the vendor's item; default capacity 1). Called by the incidents functions.",
    target: {
      service: 'vendors',
      handler: 'capacity',
      uses: { tables: [{ table: 'vendors', access: 'readwrite' }] },
      timeoutSeconds: 10,
      memoryMb: 256,
    },
    // Called on API paths (accept, complete, cancel: 10 s functions): half their budget.
    callerWaitSeconds: 5,
  },
  {
    id: 'platform-record-audit',
    description:
      "Records an admin action in the platform's audit log (the table it owns) and drops the log's cached pages. Called by the jobs create function for a bulk operation's submission.",
    target: {
      service: 'platform',
      handler: 'recordAudit',
      // The table, and Redis for the audit-logs cache's page tag.
      uses: { tables: [{ table: 'auditLog', access: 'write' }], redis: true },
      timeoutSeconds: 10,
      memoryMb: 256,
    },
    // Called by POST /jobs (a 10 s function) before the job is queued.
    callerWaitSeconds: 5,
  },
];

/**
 * The invocable contract of a function id (`<service>.<handler>`), if it is one.
 *
 * @example
 * invocableOf('vendors.capacity')?.callerWaitSeconds; // 5
 */
export function invocableOf(functionId: string): InvocableContract | undefined {
  return INVOCABLES.find((contract) => `${contract.target.service}.${contract.target.handler}` === functionId);
}

/** The function id (`<service>.<handler>`) of an invocable, by its contract id. */
export const INVOCABLE_FUNCTIONS = {
  vendorsApplyChanges: 'vendors.applyChanges',
  vendorsCapacity: 'vendors.capacity',
  platformRecordAudit: 'platform.recordAudit',
} as const;
