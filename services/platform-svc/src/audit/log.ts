import { randomUUID } from 'node:crypto';
import { documentSdk, dynamoDocumentClient } from '@roadcall/utils/aws';
import { getCache } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import { cursorCodec } from '@roadcall/utils/pagination';
import * as z from 'zod/mini';
import { AUDIT_LOG_PAGE_CACHE_KEY, AUDIT_LOG_RETENTION_DAYS } from './constants';

import type { AdminActionKind } from './request';

export type { AdminActionKind } from './request';

/** One recorded admin action. */
export interface AdminAction {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: AdminActionKind;
  /** What was acted on (a namespace, a flag, a job id). */
  readonly subject: string;
  /** What the action asked for and what it did (small JSON). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A page of the log, newest first. */
export interface AuditPage {
  readonly items: ReadonlyArray<AdminAction>;
  readonly nextCursor: string | null;
  readonly hasMore: boolean;
}

const DAY_MS = 86_400_000;
const monthOf = (iso: string): string => iso.slice(0, 7);

/** The month before `month` (`2026-01` -> `2025-12`). */
export function previousMonth(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, '0')}`;
}

/** The oldest month an entry can still be in (older ones expired): where a listing stops. */
const oldestMonth = (now: () => number): string => monthOf(new Date(now() - AUDIT_LOG_RETENTION_DAYS * DAY_MS).toISOString());

const cursorPayload = z.object({ month: z.string().check(z.regex(/^\d{4}-\d{2}$/)), sk: z.optional(z.string()) });

/**
 * Records an admin action (an append: items are never updated) and drops the cached pages, so
 * the next read of the log shows it in every container.
 *
 * @example
 * await recordAdminAction({ actor: auth.userId, action: 'flag.set', subject: 'matching.offerBatchSize', details: { value: 5 } });
 */
export async function recordAdminAction(input: Omit<AdminAction, 'id' | 'at'>, now: () => number = Date.now): Promise<AdminAction> {
  const at = new Date(now()).toISOString();
  const item: AdminAction = { id: randomUUID(), at, ...input };
  await dynamoDocumentClient().send(
    new (documentSdk().PutCommand)({
      TableName: tableName('auditLog'),
      Item: {
        month: monthOf(at),
        sk: `${at}#${item.id}`,
        ...item,
        expiresAt: Math.floor((now() + AUDIT_LOG_RETENTION_DAYS * DAY_MS) / 1000),
      },
    }),
  );
  await getCache('auditLogs').invalidateTag(AUDIT_LOG_PAGE_CACHE_KEY);
  return item;
}

/**
 * A page of the log, newest first, across month partitions; `cursor` is signed and bound to this
 * listing. Pages are cached (audit-logs namespace) and dropped when an action is recorded.
 */
export async function listAdminActions(limit: number, cursor?: string, now: () => number = Date.now): Promise<AuditPage> {
  const codec = await cursorCodec('audit:list');
  const start = cursor ? codec.decode(cursor, cursorPayload) : { month: monthOf(new Date(now()).toISOString()) };
  const key = `page:${start.month}:${start.sk ?? ''}:${limit}`;
  return getCache('auditLogs').getOrSet(key, () => readPage(limit, start, codec, oldestMonth(now)), { tags: [AUDIT_LOG_PAGE_CACHE_KEY] });
}

async function readPage(
  limit: number,
  start: { month: string; sk?: string },
  codec: { encode(payload: Record<string, unknown>): string },
  oldest: string,
): Promise<AuditPage> {
  const items: AdminAction[] = [];
  let month = start.month;
  let after = start.sk;
  // Fill the page across months, newest first, one extra item to learn whether more follow.
  while (items.length <= limit && month >= oldest) {
    const { Items = [] } = await dynamoDocumentClient().send(
      new (documentSdk().QueryCommand)({
        TableName: tableName('auditLog'),
        KeyConditionExpression: after ? '#m = :m AND #sk < :sk' : '#m = :m',
        ExpressionAttributeNames: { '#m': 'month', ...(after ? { '#sk': 'sk' } : {}) },
        ExpressionAttributeValues: { ':m': month, ...(after ? { ':sk': after } : {}) },
        ScanIndexForward: false,
        Limit: limit + 1 - items.length,
      }),
    );
    for (const item of Items) items.push(toAction(item));
    if (items.length > limit) break;
    month = previousMonth(month);
    after = undefined;
  }
  const hasMore = items.length > limit;
  const page = items.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page,
    hasMore,
    nextCursor: hasMore && last ? codec.encode({ month: monthOf(last.at), sk: `${last.at}#${last.id}` }) : null,
  };
}

function toAction(item: Record<string, unknown>): AdminAction {
  const { id, at, actor, action, subject, details } = item as unknown as AdminAction;
  return { id, at, actor, action, subject, ...(details ? { details } : {}) };
}
