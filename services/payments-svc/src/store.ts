import type { Queryable } from '@roadcall/utils/db';
import type { Payment } from './types';

/** A payments row as pg returns it (bigint as string, timestamptz as Date). */
interface PaymentRow {
  id: string;
  user_id: string;
  incident_id: string;
  vendor_id: string;
  amount_cents: string;
  currency: string;
  status: Payment['status'];
  description: string | null;
  created_at: Date;
  request_hash: string;
  /** created_at with full microsecond precision (JS Dates stop at milliseconds): the cursor's sort key. */
  created_key: string;
}

const COLUMNS = `id, user_id, incident_id, vendor_id, amount_cents, currency, status, description, created_at, request_hash,
  created_at::text AS created_key`;

export interface StoredPayment {
  readonly payment: Payment;
  readonly requestHash: string;
  readonly sortKey: { readonly createdAt: string; readonly id: string };
}

function toStored(row: PaymentRow): StoredPayment {
  return {
    payment: {
      id: row.id,
      userId: row.user_id,
      incidentId: row.incident_id,
      vendorId: row.vendor_id,
      amountCents: Number(row.amount_cents),
      currency: row.currency,
      status: row.status,
      description: row.description,
      createdAt: row.created_at.toISOString(),
    },
    requestHash: row.request_hash,
    sortKey: { createdAt: row.created_key, id: row.id },
  };
}

export interface NewPayment {
  readonly userId: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly incidentId: string;
  readonly vendorId: string;
  /** The incident's service type (the service-type analytics group by it). */
  readonly serviceType: string | null;
  readonly amountCents: number;
  readonly currency: string;
  readonly description: string | null;
}

/**
 * SQL for payments over any {@link Queryable} (the pool, or a transaction). Every statement is
 * parameterised; none changes session state (RDS Proxy keeps multiplexing).
 */
export class PaymentStore {
  readonly #db: Queryable;

  constructor(db: Queryable) {
    this.#db = db;
  }

  /**
   * Inserts the payment unless this caller already used the key; returns the row for the key
   * either way, and whether this call created it. The unique constraint decides (never a
   * read-then-write): a new key costs one statement, a used one a second to read its row, which
   * a concurrent request may have committed only after the insert's snapshot.
   */
  /**
   * Captured amounts (cents) per incident for the given incidents; incidents with no captured
   * payment are absent. One statement over the incident index, whatever the number of ids.
   */
  async capturedTotalsByIncident(incidentIds: ReadonlyArray<string>): Promise<Map<string, number>> {
    if (incidentIds.length === 0) return new Map();
    const { rows } = await this.#db.query<{ incident_id: string; total: string }>(
      `SELECT incident_id, sum(amount_cents)::text AS total FROM payments
       WHERE status = 'captured' AND incident_id = ANY($1::text[]) GROUP BY incident_id`,
      [incidentIds],
    );
    return new Map(rows.map((row) => [row.incident_id, Number(row.total)]));
  }

  async insertOrGet(input: NewPayment): Promise<{ stored: StoredPayment; created: boolean }> {
    const { rows } = await this.#db.query<PaymentRow>(
      `INSERT INTO payments (user_id, idempotency_key, request_hash, incident_id, vendor_id, amount_cents, currency, description, service_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ON CONSTRAINT payments_idempotency DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        input.userId,
        input.idempotencyKey,
        input.requestHash,
        input.incidentId,
        input.vendorId,
        input.amountCents,
        input.currency,
        input.description,
        input.serviceType,
      ],
    );
    const row = rows[0];
    if (row) return { stored: toStored(row), created: true };
    const existing = await this.findByKey(input.userId, input.idempotencyKey);
    if (!existing) throw new Error('Idempotency conflict without a visible row');
    return { stored: existing, created: false };
  }

  async findByKey(userId: string, idempotencyKey: string): Promise<StoredPayment | undefined> {
    const { rows } = await this.#db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE user_id = $1 AND idempotency_key = $2`, [
      userId,
      idempotencyKey,
    ]);
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async findById(id: string): Promise<StoredPayment | undefined> {
    const { rows } = await this.#db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE id = $1`, [id]);
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  /**
   * Newest first, keyset-paginated on (created_at, id): `after` is the last row of the previous
   * page. `userId` undefined lists everyone's (admins). Reads `limit + 1` rows to know if more follow.
   */
  async list(options: {
    userId?: string;
    limit: number;
    after?: { createdAt: string; id: string };
  }): Promise<{ items: StoredPayment[]; more: boolean }> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (options.userId !== undefined) {
      values.push(options.userId);
      conditions.push(`user_id = $${values.length}`);
    }
    if (options.after) {
      values.push(options.after.createdAt, options.after.id);
      conditions.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    }
    values.push(options.limit + 1);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await this.#db.query<PaymentRow>(
      `SELECT ${COLUMNS} FROM payments ${where} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
      values,
    );
    return { items: rows.slice(0, options.limit).map(toStored), more: rows.length > options.limit };
  }
}
