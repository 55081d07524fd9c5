import { type DocumentSender, documentSdk, isConditionalCheckFailed, lazyDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import type { IncidentStatus } from './constants';
import type { Incident, MatchingState, StatusChange } from './types';

/** The narrow client the store needs. */

/** A conditional update: what to set and remove, under which condition. */
export interface ConditionalUpdate {
  readonly set: Readonly<Record<string, unknown>>;
  readonly remove?: ReadonlyArray<string>;
  /** Extra SET clauses written by the caller (list appends), with their names/values below. */
  readonly extraSet?: ReadonlyArray<string>;
  /** Statuses the incident must be in. */
  readonly fromStatuses: ReadonlyArray<IncidentStatus>;
  /** Extra condition (uses `#`/`:` names the caller supplies in `names`/`values`). */
  readonly condition?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
  /** Appended to the bounded status history. */
  readonly change?: StatusChange;
}

export interface QueryPage {
  readonly items: ReadonlyArray<Incident>;
  readonly lastKey?: Record<string, unknown>;
}

/** True when DynamoDB refused a write because its condition did not hold. */
export function isConditionFailed(error: unknown): boolean {
  return isConditionalCheckFailed(error);
}

/**
 * The incidents table. Every status change is an UpdateItem whose condition names the statuses it
 * may start from, so two racing writers cannot both win: DynamoDB serialises writes per item and
 * the loser's condition fails (the caller turns that into a 409). No transactions are needed (and
 * dynalite has none), because every move touches one item.
 *
 * @example
 * const store = new IncidentStore();
 * const updated = await store.update(id, { set: { status: 'en_route' }, fromStatuses: ['assigned'] });
 */
export class IncidentStore {
  readonly #client: DocumentSender;
  readonly #table: () => string;

  constructor(client: DocumentSender = lazyDocumentClient, table: () => string = () => tableName('incidents')) {
    this.#client = client;
    this.#table = table;
  }

  /**
   * Creates an incident; fails if the id exists (ids are random UUIDs: it never should). The SDK
   * retries a put that timed out (a paused or slow table); when the timed-out attempt had in fact
   * landed, the retry fails its condition against our own item. That is a success, not a 500: the
   * item under this fresh id is read back and accepted when it is the one we wrote.
   */
  async create(incident: Incident): Promise<void> {
    try {
      await this.#client.send(
        new (documentSdk().PutCommand)({
          TableName: this.#table(),
          Item: incident,
          ConditionExpression: 'attribute_not_exists(incidentId)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const stored = await this.get(incident.incidentId, true);
      if (stored?.driverId === incident.driverId && stored.createdAt === incident.createdAt) return;
      throw error;
    }
  }

  async get(incidentId: string, consistent = false): Promise<Incident | undefined> {
    const output = await this.#client.send(
      new (documentSdk().GetCommand)({ TableName: this.#table(), Key: { incidentId }, ConsistentRead: consistent }),
    );
    return output.Item as Incident | undefined;
  }

  /**
   * Applies a conditional update and returns the new item, or `undefined` when the condition did
   * not hold (wrong status, lost race, missing item): the caller reads the item to say why.
   */
  async update(incidentId: string, update: ConditionalUpdate): Promise<Incident | undefined> {
    const names: Record<string, string> = { '#status': 'status', ...update.names };
    const values: Record<string, unknown> = { ...update.values };
    const sets: string[] = [];
    let index = 0;
    for (const [field, value] of Object.entries(update.set)) {
      const name = `#s${index}`;
      const placeholder = `:s${index}`;
      names[name] = field;
      values[placeholder] = value;
      sets.push(`${name} = ${placeholder}`);
      index++;
    }
    sets.push(...(update.extraSet ?? []));
    if (update.change) {
      names['#history'] = 'history';
      values[':change'] = [update.change];
      sets.push('#history = list_append(#history, :change)');
    }
    const fromStatuses = update.fromStatuses.map((status, position) => {
      values[`:from${position}`] = status;
      return `:from${position}`;
    });
    const conditions = [`#status IN (${fromStatuses.join(', ')})`];
    if (update.condition) conditions.push(`(${update.condition})`);
    const removes = (update.remove ?? []).map((path, position) => {
      // Nested paths (`matching.offer`) are split so each segment gets its own name.
      return path
        .split('.')
        .map((segment, depth) => {
          const name = `#r${position}_${depth}`;
          names[name] = segment;
          return name;
        })
        .join('.');
    });
    const expression = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
    try {
      const output = await this.#client.send(
        new (documentSdk().UpdateCommand)({
          TableName: this.#table(),
          Key: { incidentId },
          UpdateExpression: expression,
          ConditionExpression: `attribute_exists(incidentId) AND ${conditions.join(' AND ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return output.Attributes as Incident;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  /**
   * Sets the matching state of the next round and appends the vendors offered it for the first
   * time, in one write conditional on the round the caller saw: a duplicate or late message cannot
   * advance twice.
   */
  async advanceRound(
    incidentId: string,
    expectedRound: number,
    next: MatchingState,
    newlyOffered: ReadonlyArray<string>,
  ): Promise<Incident | undefined> {
    return this.update(incidentId, {
      set: { matching: next, updatedAt: new Date().toISOString() },
      extraSet: ['#offered = list_append(if_not_exists(#offered, :empty), :newly)'],
      fromStatuses: ['matching'],
      condition: '#matching.#round = :expectedRound',
      names: { '#matching': 'matching', '#round': 'round', '#offered': 'offeredVendorIds' },
      values: { ':expectedRound': expectedRound, ':newly': newlyOffered, ':empty': [] },
    });
  }

  /** One page of an index query (newest first). */
  async query(options: {
    readonly index: 'byDriver' | 'byStatus';
    readonly key: { readonly name: string; readonly value: string };
    readonly before?: string;
    /** createdAt at or after (ISO 8601); ignored when `before` is given. */
    readonly since?: string;
    readonly filterStatus?: IncidentStatus;
    readonly limit: number;
    readonly startKey?: Record<string, unknown>;
  }): Promise<QueryPage> {
    const names: Record<string, string> = { '#pk': options.key.name };
    const values: Record<string, unknown> = { ':pk': options.key.value };
    let keyCondition = '#pk = :pk';
    if (options.before) {
      names['#createdAt'] = 'createdAt';
      values[':before'] = options.before;
      keyCondition += ' AND #createdAt < :before';
    } else if (options.since) {
      names['#createdAt'] = 'createdAt';
      values[':since'] = options.since;
      keyCondition += ' AND #createdAt >= :since';
    }
    let filter: string | undefined;
    if (options.filterStatus) {
      names['#status'] = 'status';
      values[':status'] = options.filterStatus;
      filter = '#status = :status';
    }
    const output = await this.#client.send(
      new (documentSdk().QueryCommand)({
        TableName: this.#table(),
        IndexName: options.index,
        KeyConditionExpression: keyCondition,
        FilterExpression: filter,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: options.startKey,
      }),
    );
    return { items: (output.Items ?? []) as Incident[], lastKey: output.LastEvaluatedKey };
  }
}
