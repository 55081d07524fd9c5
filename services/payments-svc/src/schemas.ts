import { z } from 'zod';
import {
  DEFAULT_CURRENCY,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TOP_VENDORS,
  MAX_AMOUNT_CENTS,
  MAX_DESCRIPTION_LENGTH,
  MAX_PAGE_SIZE,
  MAX_TOP_VENDORS,
  REFERENCE_ID_PATTERN,
} from './constants';

/** ISO 4217 codes the runtime's ICU knows (the full active list), so no hand-kept table drifts. */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code in upper case, e.g. USD')
  .refine((code) => ISO_CURRENCIES.has(code), 'not an ISO 4217 currency code');

/** POST /payments body. Amounts are integer minor units ("cents"): never floats. */
export const createPaymentBody = z
  .object({
    incidentId: z.string().regex(REFERENCE_ID_PATTERN, 'an incident id'),
    vendorId: z.string().regex(REFERENCE_ID_PATTERN, 'a vendor id'),
    amountCents: z.number().int('an integer number of minor units (cents)').positive().max(MAX_AMOUNT_CENTS),
    currency: currencySchema,
    description: z.string().trim().min(1).max(MAX_DESCRIPTION_LENGTH).optional(),
  })
  .strict();
export type CreatePaymentInput = z.infer<typeof createPaymentBody>;

export const paymentPath = z.object({ id: z.uuid('a payment id (UUID)') });

export const listPaymentsQuery = z
  .object({
    cursor: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .strict();
export type ListPaymentsQuery = z.infer<typeof listPaymentsQuery>;

const isoDate = z.iso.date('a date as YYYY-MM-DD');

export const revenueQuery = z
  .object({
    from: isoDate,
    to: isoDate,
    granularity: z.enum(['day', 'hour']).default('day'),
    currency: currencySchema.optional(),
  })
  .strict();
export type RevenueQuery = z.infer<typeof revenueQuery>;

export const topVendorsQuery = z
  .object({
    currency: currencySchema.default(DEFAULT_CURRENCY),
    limit: z.coerce.number().int().min(1).max(MAX_TOP_VENDORS).default(DEFAULT_TOP_VENDORS),
  })
  .strict();
export type TopVendorsQuery = z.infer<typeof topVendorsQuery>;
