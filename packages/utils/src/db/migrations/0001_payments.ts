import type { Migration } from './types';

/**
 * Payments. Money is integer minor units (`amount_cents`, bigint) with its ISO 4217 code; the
 * idempotency key is unique per caller, which is what makes a retried or concurrent POST return
 * the first payment instead of charging twice.
 */
export const paymentsMigration: Migration = {
  id: '0001_payments',
  description: 'payments table, idempotency constraint, listing and analytics indexes',
  sql: `
CREATE TABLE payments (
  id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         text        NOT NULL,
  idempotency_key text        NOT NULL,
  request_hash    text        NOT NULL,
  incident_id     text        NOT NULL,
  vendor_id       text        NOT NULL,
  amount_cents    bigint      NOT NULL CHECK (amount_cents > 0),
  currency        char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status          text        NOT NULL DEFAULT 'captured' CHECK (status IN ('captured', 'refunded')),
  description     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_idempotency UNIQUE (user_id, idempotency_key)
);

-- GET /payments for one caller, newest first, keyset-paginated on (created_at, id).
CREATE INDEX payments_user_created_idx ON payments (user_id, created_at DESC, id DESC);
-- GET /payments for an admin (every caller), and time-range scans.
CREATE INDEX payments_created_idx ON payments (created_at DESC, id DESC);
CREATE INDEX payments_incident_idx ON payments (incident_id);
CREATE INDEX payments_vendor_created_idx ON payments (vendor_id, created_at);
`,
};
