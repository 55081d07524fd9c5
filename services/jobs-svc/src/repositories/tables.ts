import { type DocumentSender, documentSdk, dynamoClient, dynamodbSdk, lazyDocumentClient } from '@roadcall/utils/aws';

/** A page of items and where the next one starts. */
export interface ItemPage {
  readonly items: Record<string, unknown>[];
  readonly nextKey?: Record<string, unknown>;
}

export type Key = Record<string, unknown>;

/** One segment of a parallel Scan: `segment` in 0..totalSegments-1. */
export interface ScanSegment {
  readonly segment: number;
  readonly totalSegments: number;
}

/**
 * Direct, read-mostly access to another service's table for job code: pages of a scan or an
 * index query, batch gets, and the table's approximate size. Narrow on purpose: jobs never learn
 * more of a table than its key and the attributes they copy.
 */
export class TableReader {
  readonly #client: DocumentSender;
  readonly #table: () => string;

  constructor(table: () => string, client: DocumentSender = lazyDocumentClient) {
    this.#table = table;
    this.#client = client;
  }

  get tableName(): string {
    return this.#table();
  }

  /** A page of a scan; with `segment`, of that segment of a parallel scan (Segment / TotalSegments). */
  async scanPage(limit: number, startKey?: Key, segment?: ScanSegment): Promise<ItemPage> {
    const output = await this.#client.send(
      new (documentSdk().ScanCommand)({
        TableName: this.#table(),
        Limit: limit,
        ExclusiveStartKey: startKey,
        ...(segment ? { Segment: segment.segment, TotalSegments: segment.totalSegments } : {}),
      }),
    );
    return { items: (output.Items ?? []) as Record<string, unknown>[], nextKey: output.LastEvaluatedKey };
  }

  async queryPage(index: string, keyName: string, keyValue: string, limit: number, startKey?: Key): Promise<ItemPage> {
    const output = await this.#client.send(
      new (documentSdk().QueryCommand)({
        TableName: this.#table(),
        IndexName: index,
        KeyConditionExpression: '#k = :v',
        ExpressionAttributeNames: { '#k': keyName },
        ExpressionAttributeValues: { ':v': keyValue },
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { items: (output.Items ?? []) as Record<string, unknown>[], nextKey: output.LastEvaluatedKey };
  }

  async queryCount(index: string, keyName: string, keyValue: string): Promise<number> {
    let count = 0;
    let startKey: Key | undefined;
    do {
      const output = await this.#client.send(
        new (documentSdk().QueryCommand)({
          TableName: this.#table(),
          IndexName: index,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': keyName },
          ExpressionAttributeValues: { ':v': keyValue },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += output.Count ?? 0;
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  /** Up to 100 items by key; keys DynamoDB leaves unprocessed are asked again. */
  async getMany(keyName: string, ids: ReadonlyArray<string>): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let keys: Key[] = ids.map((id) => ({ [keyName]: id }));
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const output = await this.#client.send(new (documentSdk().BatchGetCommand)({ RequestItems: { [this.#table()]: { Keys: keys } } }));
      found.push(...((output.Responses?.[this.#table()] ?? []) as Record<string, unknown>[]));
      keys = (output.UnprocessedKeys?.[this.#table()]?.Keys ?? []) as Key[];
    }
    return found;
  }

  /** The table's item count as DynamoDB reports it (approximate in AWS: refreshed about every 6 hours). */
  async approximateCount(): Promise<number> {
    const output = await dynamoClient().send(new (dynamodbSdk().DescribeTableCommand)({ TableName: this.#table() }));
    return output.Table?.ItemCount ?? 0;
  }
}
