import type { FeatureFlagName } from '@roadcall/contracts';
import { documentSdk, dynamoDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';

/** A flag's value: what the catalog's kinds allow. */
export type FlagValue = number | boolean | ReadonlyArray<number>;

/** A set flag as stored. */
export interface StoredFlag {
  readonly name: FeatureFlagName;
  readonly value: FlagValue;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The flags table (platform-owned): one small item per set flag. */
export const flagStore = {
  /** Every set flag: a handful of items, one Scan page. */
  async all(): Promise<StoredFlag[]> {
    const items: StoredFlag[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamoDocumentClient().send(
        new (documentSdk().ScanCommand)({ TableName: tableName('flags'), ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) items.push(item as StoredFlag);
      start = page.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => a.name.localeCompare(b.name));
  },

  async put(flag: StoredFlag): Promise<void> {
    await dynamoDocumentClient().send(new (documentSdk().PutCommand)({ TableName: tableName('flags'), Item: { ...flag } }));
  },

  /** True when the flag was set. */
  async delete(name: FeatureFlagName): Promise<boolean> {
    const { Attributes } = await dynamoDocumentClient().send(
      new (documentSdk().DeleteCommand)({ TableName: tableName('flags'), Key: { name }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  },
};
