import { createHash } from 'node:crypto';
import { NotFoundError } from '@roadcall/utils';
import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import { getPool, type Queryable } from '@roadcall/utils/db';
import { type CursorCodec, cursorCodec, toPage } from '@roadcall/utils/pagination';
import * as z from 'zod/mini';
import { IDEMPOTENCY_KEY_PATTERN, PAYABLE_STATUSES } from './constants';
import {
  IdempotencyKeyRequiredError,
  IdempotencyKeyReusedError,
  IncidentNotFoundError,
  IncidentNotPayableError,
  VendorMismatchError,
} from './errors';
import { type IncidentFactsReader, incidentFacts } from './ports';
import type { CreatePaymentInput, ListPaymentsQuery } from './schemas';
import { PaymentStore } from './store';
import type { CreatePaymentResult, Payment, PaymentPage } from './types';

function isRealTimestamp(text: string): boolean {
  // A calendar date that exists (2026-02-30 does not: PostgreSQL would refuse the cast).
  const day = text.slice(0, 10);
  const parsed = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === day;
}

/**
 * A listing cursor: the last row's sort key, `created_at::text` (full microsecond precision, e.g.
 * `2026-11-30 12:34:56.123456+00`) and the id; anything else is a 400, never a cast error in SQL.
 */
const PAGE_CURSOR = z.strictObject({
  c: z
    .string()
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-4])(:[0-5]\d)?$/),
      z.refine(isRealTimestamp),
    ),
  i: z.uuid(),
});

/**
 * What the payments service needs around it: a database, a cursor codec per listing scope, and
 * the incidents service's port (payments never read the incidents table themselves).
 */
export interface PaymentsDependencies {
  readonly db: Queryable;
  readonly cursors: (scope: string) => Promise<CursorCodec>;
  readonly incidents: IncidentFactsReader;
}

/**
 * A stable fingerprint of what a request asks for (key order and optional fields normalised), so
 * a replay of the same body matches and a different body under the same key does not.
 */
export function requestFingerprint(input: CreatePaymentInput): string {
  const canonical = JSON.stringify([
    input.incidentId,
    input.vendorId ?? null,
    input.amountCents,
    input.currency,
    input.description ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The Idempotency-Key header, validated: 400 when missing or malformed. */
export function idempotencyKeyFrom(headers: Readonly<Record<string, string>>): string {
  const key = headers['idempotency-key'];
  if (key === undefined || key === '') {
    throw new IdempotencyKeyRequiredError('The Idempotency-Key header is required (e.g. a UUID per payment attempt)', {
      details: [{ in: 'header', field: 'Idempotency-Key', message: 'required' }],
    });
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new IdempotencyKeyRequiredError('The Idempotency-Key header must be 1-255 visible ASCII characters', {
      details: [{ in: 'header', field: 'Idempotency-Key', message: 'invalid' }],
    });
  }
  return key;
}

/**
 * Payments: idempotent creation, owner-or-admin reads, signed-cursor listing.
 *
 * @example
 * const payments = new PaymentsService();
 * const { payment, replayed } = await payments.create(auth, 'key-1', { incidentId, amountCents: 4500, currency: 'USD' });
 */
export class PaymentsService {
  readonly #store: PaymentStore;
  readonly #cursors: PaymentsDependencies['cursors'];
  readonly #incidents: IncidentFactsReader;

  constructor(dependencies: Partial<PaymentsDependencies> = {}) {
    this.#store = new PaymentStore(dependencies.db ?? getPool());
    this.#cursors = dependencies.cursors ?? cursorCodec;
    this.#incidents = dependencies.incidents ?? incidentFacts;
  }

  /**
   * Records a payment once per (caller, key). The unique constraint decides, not a read-then-write,
   * so concurrent requests with one key, and a retry after a lost connection or a database restart,
   * all return the first payment. A different body under a used key is a 422.
   */
  async create(auth: AuthContext, idempotencyKey: string, input: CreatePaymentInput): Promise<CreatePaymentResult> {
    const { vendorId, serviceType } = await this.#payableVendor(auth, input);
    const requestHash = requestFingerprint(input);
    const { stored, created } = await this.#store.insertOrGet({
      userId: auth.userId,
      idempotencyKey,
      requestHash,
      incidentId: input.incidentId,
      vendorId,
      serviceType,
      amountCents: input.amountCents,
      currency: input.currency,
      description: input.description ?? null,
    });
    if (!created && stored.requestHash !== requestHash) {
      throw new IdempotencyKeyReusedError('This Idempotency-Key was already used for a different payment; use a new key', {
        details: { paymentId: stored.payment.id },
      });
    }
    return { payment: stored.payment, replayed: !created };
  }

  /**
   * The vendor a payment for this incident goes to, once the incident allows one: it exists and
   * the caller reported it (or is an admin), else 404 (someone else's incident does not exist for
   * the caller); it is completed, else 409. The vendor is the incident's; a body naming another is a 409.
   */
  async #payableVendor(auth: AuthContext, input: CreatePaymentInput): Promise<{ vendorId: string; serviceType: string | null }> {
    const incident = await this.#incidents(input.incidentId);
    if (!incident || (incident.driverId !== auth.userId && !hasRole(auth, 'admin'))) throw new IncidentNotFoundError(input.incidentId);
    if (!PAYABLE_STATUSES.includes(incident.status) || !incident.vendorId) {
      throw new IncidentNotPayableError(input.incidentId, incident.status);
    }
    if (input.vendorId !== undefined && input.vendorId !== incident.vendorId) throw new VendorMismatchError(input.incidentId);
    return { vendorId: incident.vendorId, serviceType: incident.serviceType ?? null };
  }

  /** A payment for its owner or an admin; 404 for anyone else, so ids reveal nothing. */
  async get(auth: AuthContext, id: string): Promise<Payment> {
    const stored = await this.#store.findById(id);
    if (!stored || (stored.payment.userId !== auth.userId && !hasRole(auth, 'admin'))) {
      throw new NotFoundError(`No payment ${id}`);
    }
    return stored.payment;
  }

  /** The caller's payments (an admin's: everyone's), newest first, with a signed cursor bound to that scope. */
  async list(auth: AuthContext, query: ListPaymentsQuery): Promise<PaymentPage> {
    const admin = hasRole(auth, 'admin');
    const codec = await this.#cursors(`payments:list:${admin ? '*' : auth.userId}`);
    let after: { createdAt: string; id: string } | undefined;
    if (query.cursor) {
      const decoded = codec.decode(query.cursor, PAGE_CURSOR);
      after = { createdAt: decoded.c, id: decoded.i };
    }
    const { items, more } = await this.#store.list({ userId: admin ? undefined : auth.userId, limit: query.limit, after });
    const last = items[items.length - 1];
    return toPage(
      items.map((item) => item.payment),
      more && last ? codec.encode({ c: last.sortKey.createdAt, i: last.sortKey.id }) : null,
    );
  }
}
