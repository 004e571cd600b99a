// Reads shared by every repository: get by key, and a page of a query that fills up to `limit`.
import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.js';
import { translateStoreError } from './client.js';
import { stripStorage } from './keys.js';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from './pagination.js';

export const getItem = async <T extends Record<string, unknown>>(
  store: Store,
  key: { pk: string; sk: string },
  consistent = true,
): Promise<T | undefined> => {
  try {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: consistent }));
    return Item ? stripStorage<T>(Item) : undefined;
  } catch (error) {
    throw translateStoreError(error);
  }
};

type PageInput = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;
type ScanInput = Omit<ScanCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/**
 * Up to `limit` items. DynamoDB applies Limit before a FilterExpression, so this keeps reading,
 * never evaluating more than the items still wanted, and hands back the last key it evaluated.
 */
export const queryPage = async <T extends Record<string, unknown>>(
  store: Store,
  input: PageInput | (ScanInput & { scan: true }),
  limit: number,
  cursor: string | undefined,
): Promise<Page<T>> => {
  const items: T[] = [];
  let startKey = decodeCursor(cursor);
  try {
    do {
      const remaining = limit - items.length;
      const common = { TableName: store.tableName, Limit: remaining, ExclusiveStartKey: startKey };
      const result =
        'scan' in input
          ? await store.doc.send(new ScanCommand({ ...withoutScanFlag(input), ...common }))
          : await store.doc.send(new QueryCommand({ ...input, ...common }));
      for (const item of result.Items ?? []) items.push(stripStorage<T>(item));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < limit);
  } catch (error) {
    // A start key that is not a key of this query (a forged or mismatched cursor).
    if (cursor && error instanceof Error && error.name === 'ValidationException') throw invalidCursor(error);
    throw translateStoreError(error);
  }
  return { items, nextCursor: encodeCursor(startKey) };
};

const withoutScanFlag = (input: ScanInput & { scan: true }): ScanInput => {
  const { scan: _scan, ...rest } = input;
  return rest;
};

/** Every item of a query, for bounded sets (an organisation's agreements, a run's lines). */
export const queryAll = async <T extends Record<string, unknown>>(store: Store, input: PageInput): Promise<T[]> => {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const result = await store.doc.send(
        new QueryCommand({ ...input, TableName: store.tableName, ExclusiveStartKey: startKey }),
      );
      for (const item of result.Items ?? []) items.push(stripStorage<T>(item));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
  } catch (error) {
    throw translateStoreError(error);
  }
  return items;
};

/** Items by key (consistent reads), keyed `pk|sk`; missing items are simply absent. */
export const batchGet = async (store: Store, wanted: readonly { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> => {
  const found = new Map<string, Record<string, unknown>>();
  try {
    for (let i = 0; i < wanted.length; i += 100) {
      let pending: Record<string, unknown>[] = wanted.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
      while (pending.length > 0) {
        const result = await store.doc.send(
          new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[store.tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item);
        pending = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
      }
    }
  } catch (error) {
    throw translateStoreError(error);
  }
  return found;
};
