import * as z from 'zod/mini';

/** The admin actions the log records (`jobs.bulk`: a bulk operation's submission, recorded by the jobs service). */
export const ADMIN_ACTION_KINDS = ['cache.clear', 'cache.set', 'flag.set', 'flag.delete', 'performance.optimize', 'jobs.bulk'] as const;
export type AdminActionKind = (typeof ADMIN_ACTION_KINDS)[number];

/** Largest `details` of an action another service records, as JSON: a summary, not a payload. */
export const MAX_AUDIT_DETAILS_BYTES = 4 * 1024;

/**
 * What another service sends to record an admin action (`platform.recordAudit`): who, what, on
 * what, and a small JSON summary. Validated by the platform function, which alone writes the table.
 */
export const auditRequest = z.strictObject({
  actor: z.string().check(z.minLength(1), z.maxLength(200)),
  action: z.enum(ADMIN_ACTION_KINDS),
  subject: z.string().check(z.minLength(1), z.maxLength(200)),
  details: z.optional(
    z
      .record(z.string(), z.unknown())
      .check(z.refine((details) => JSON.stringify(details).length <= MAX_AUDIT_DETAILS_BYTES, 'details are too large')),
  ),
});
export type AuditRequest = z.infer<typeof auditRequest>;
