import { noNulBytes } from '@roadcall/utils/schema';
import * as z from 'zod/mini';
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

export const currencySchema = z.string().check(
  z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code in upper case, e.g. USD'),
  z.refine((code: string) => ISO_CURRENCIES.has(code), 'not an ISO 4217 currency code'),
);

/** POST /payments body. Amounts are integer minor units ("cents"): never floats. */
export const createPaymentBody = z.strictObject({
  incidentId: z.string().check(z.regex(REFERENCE_ID_PATTERN, 'an incident id')),
  /** Optional: the vendor comes from the incident; when given it must be that vendor (else 409). */
  vendorId: z.optional(z.string().check(z.regex(REFERENCE_ID_PATTERN, 'a vendor id'))),
  amountCents: z.number().check(z.int('an integer number of minor units (cents)'), z.positive(), z.maximum(MAX_AMOUNT_CENTS)),
  currency: currencySchema,
  description: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_DESCRIPTION_LENGTH), noNulBytes())),
});
export type CreatePaymentInput = z.infer<typeof createPaymentBody>;

export const paymentPath = z.object({ id: z.uuid('a payment id (UUID)') });

export const listPaymentsQuery = z.strictObject({
  cursor: z.optional(z.string().check(z.minLength(1))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_PAGE_SIZE)), DEFAULT_PAGE_SIZE),
});
export type ListPaymentsQuery = z.infer<typeof listPaymentsQuery>;

const isoDate = z.iso.date('a date as YYYY-MM-DD');

export const revenueQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  granularity: z._default(z.enum(['day', 'hour']), 'day'),
  currency: z.optional(currencySchema),
});
export type RevenueQuery = z.infer<typeof revenueQuery>;

export const topVendorsQuery = z.strictObject({
  currency: z._default(currencySchema, DEFAULT_CURRENCY),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_TOP_VENDORS)), DEFAULT_TOP_VENDORS),
});
export type TopVendorsQuery = z.infer<typeof topVendorsQuery>;

export const serviceTypesQuery = z.strictObject({
  currency: z._default(currencySchema, DEFAULT_CURRENCY),
});
export type ServiceTypesQuery = z.infer<typeof serviceTypesQuery>;

export const driversQuery = z.strictObject({
  currency: z._default(currencySchema, DEFAULT_CURRENCY),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_TOP_VENDORS)), DEFAULT_TOP_VENDORS),
});
export type DriversQuery = z.infer<typeof driversQuery>;
