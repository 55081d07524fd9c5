import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import type { KeySchema, TableContract } from '@roadcall/contracts';

function keySchema(keys: KeySchema): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: keys.partitionKey.name, KeyType: 'HASH' }];
  if (keys.sortKey) schema.push({ AttributeName: keys.sortKey.name, KeyType: 'RANGE' });
  return schema;
}

/** The CreateTable input for a contract table: the same keys and GSIs CDK creates, on-demand. */
export function createTableInput(table: TableContract, physicalName: string) {
  const attributes = new Map<string, AttributeDefinition>();
  const addKeys = (keys: KeySchema): void => {
    for (const key of [keys.partitionKey, keys.sortKey]) {
      if (key) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
    }
  };
  addKeys(table);
  for (const gsi of table.gsis ?? []) addKeys(gsi);
  return {
    TableName: physicalName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: keySchema(table),
    AttributeDefinitions: [...attributes.values()],
    GlobalSecondaryIndexes: table.gsis?.length
      ? table.gsis.map((gsi) => ({ IndexName: gsi.name, KeySchema: keySchema(gsi), Projection: { ProjectionType: 'ALL' as const } }))
      : undefined,
  };
}

/** Creates the tables (an existing table is left as it is). */
export async function createTables(
  client: DynamoDBClient,
  tables: ReadonlyArray<{ contract: TableContract; physicalName: string }>,
): Promise<void> {
  await Promise.all(
    tables.map(async ({ contract, physicalName }) => {
      try {
        await client.send(new CreateTableCommand(createTableInput(contract, physicalName)));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }),
  );
}
