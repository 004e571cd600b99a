// Reads shared by every repository: get by key, and a page of a query that fills up to `limit`.
import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.js';
import { translateStoreError } from './client.js';
import { AppError } from '../domain/errors.js';
import { retry, RetriesExhausted } from '../retry/retry.js';
import { CorruptItemError, decode, type Entity } from './entity.js';
import { keyId, type Key } from './keys.js';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from './pagination.js';

/** One item by key, decoded as `kind` (a damaged item throws CorruptItemError). */
export const getItem = async <T>(store: Store, kind: Entity<T>, key: Key, consistent = true): Promise<T | undefined> => {
  const item = await getRaw(store, key, consistent);
  return item && decode(kind, item);
};

/** Whether an item exists at `key`, whatever it holds (a guard item, a dedupe record). */
export const itemExists = async (store: Store, key: Key): Promise<boolean> => (await getRaw(store, key, true)) !== undefined;

const getRaw = async (store: Store, key: Key, consistent: boolean): Promise<Record<string, unknown> | undefined> => {
  try {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: consistent }));
    return Item;
  } catch (error) {
    throw translateStoreError(error);
  }
};

type PageInput = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/**
 * Up to `limit` items. DynamoDB applies Limit before a FilterExpression, so this keeps reading,
 * never evaluating more than the items still wanted, and hands back the last key it evaluated.
 * `keep` filters what no expression can (a set larger than DynamoDB's 100 operands of `IN`).
 */
export const queryPage = async <T>(
  store: Store,
  kind: Entity<T>,
  input: PageInput,
  limit: number,
  cursor: string | undefined,
  keep: (item: T) => boolean = () => true,
): Promise<Page<T>> => {
  const items: T[] = [];
  let startKey = decodeCursor(cursor);
  try {
    do {
      const remaining = limit - items.length;
      const common = { TableName: store.tableName, Limit: remaining, ExclusiveStartKey: startKey };
      const result = await store.doc.send(new QueryCommand({ ...input, ...common }));
      for (const item of result.Items ?? []) {
        const decoded = decode(kind, item);
        if (keep(decoded)) items.push(decoded);
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < limit);
  } catch (error) {
    // A start key that is not a key of this query (a forged or mismatched cursor).
    if (cursor && error instanceof Error && error.name === 'ValidationException') throw invalidCursor(error);
    throw readFailure(error);
  }
  return { items, nextCursor: encodeCursor(startKey) };
};

/** Every item of a query, for bounded sets (an organisation's agreements, a run's lines). */
export const queryAll = async <T>(store: Store, kind: Entity<T>, input: PageInput): Promise<T[]> => {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const result = await store.doc.send(
        new QueryCommand({ ...input, TableName: store.tableName, ExclusiveStartKey: startKey }),
      );
      for (const item of result.Items ?? []) items.push(decode(kind, item));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
  } catch (error) {
    throw readFailure(error);
  }
  return items;
};

/** Items of one kind by key (consistent reads), keyed `pk|sk` (see `keyId`); missing items are simply absent. */
export const batchGet = async <T>(store: Store, kind: Entity<T>, wanted: readonly Key[]): Promise<Map<string, T>> => {
  const found = new Map<string, T>();
  try {
    for (let i = 0; i < wanted.length; i += 100) {
      let pending: Record<string, unknown>[] = wanted.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
      // Keys DynamoDB left unprocessed (throttled) are asked again under the one retry policy.
      await retry(
        async () => {
          const result = await store.doc.send(
            new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: pending, ConsistentRead: true } } }),
          );
          for (const item of result.Responses?.[store.tableName] ?? []) found.set(keyId({ pk: String(item.pk), sk: String(item.sk) }), decode(kind, item));
          pending = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
          if (pending.length > 0) throw new Unprocessed(`${pending.length} key(s) left unprocessed`);
        },
        { retryOn: (error) => error instanceof Unprocessed, deadline: store.deadline },
      );
    }
  } catch (error) {
    if (error instanceof RetriesExhausted) throw new AppError('unavailable', 'The database is busy; please try again.', { cause: error });
    throw readFailure(error);
  }
  return found;
};

/** Part of a batch read came back unprocessed: nothing is wrong, the rest is asked again. */
class Unprocessed extends Error {
  override readonly name = 'Unprocessed';
}

/** A damaged item keeps its own name; anything else from DynamoDB becomes a domain error. */
const readFailure = (error: unknown): Error => (error instanceof CorruptItemError ? error : translateStoreError(error));
