import type { AttributeType, TableContract } from '@roadcall/contracts';
import * as z from 'zod/mini';
import type { Schema } from '../schema';
import { MAX_CURSOR_LENGTH } from './constants';

const keyValue = (type: AttributeType) =>
  type === 'N' ? z.number().check(z.refine(Number.isFinite)) : z.string().check(z.minLength(1), z.maxLength(MAX_CURSOR_LENGTH));

/**
 * The exact shape of a DynamoDB `LastEvaluatedKey` of a table (or one of its GSIs), from the
 * contracts: the table's key attributes plus the index's, nothing else. A cursor payload is
 * checked against it before it becomes an `ExclusiveStartKey`, so a payload of another shape is a
 * 400 (InvalidCursorError), never a DynamoDB ValidationException (a 500).
 *
 * @example
 * const startKey = codec.decode(query.cursor, startKeySchema(TABLES.incidents, 'byDriver'));
 */
export function startKeySchema(table: TableContract, indexName?: string): Schema<Record<string, string | number>> {
  const index = indexName === undefined ? undefined : table.gsis?.find((gsi) => gsi.name === indexName);
  if (indexName !== undefined && !index) throw new Error(`Table ${table.name} has no index ${indexName}`);
  const attributes = [table.partitionKey, table.sortKey, index?.partitionKey, index?.sortKey].filter(
    (attribute): attribute is { name: string; type: AttributeType } => attribute !== undefined,
  );
  return z.strictObject(Object.fromEntries(attributes.map((attribute) => [attribute.name, keyValue(attribute.type)]))) as unknown as Schema<
    Record<string, string | number>
  >;
}
