// Several referral lists read as one, newest first: a lazy k-way merge of descending Queries.
//
// Each list is a Query ordered by the referral's id (descending). A list's unread items are all
// below its `floor` (the id of the last item DynamoDB evaluated in it), so once every list has been
// read down to some id F, every item above F is known: those are given out in order, and the list
// whose floor is F is read further. A page therefore reads about `limit` items (plus a few per list),
// however many referrals the lists hold, and the cursor is simply the last id given out.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.js';
import { translateStoreError } from './client.js';
import { CorruptItemError, decode, type Entity } from './entity.js';

export interface ListSource {
  readonly input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;
  /** The attribute of a LastEvaluatedKey holding the id the Query stopped at. */
  readonly position: string;
}

interface Stream<T> {
  readonly source: ListSource;
  readonly buffer: T[];
  startKey: Record<string, unknown> | undefined;
  done: boolean;
  floor: string;
}

/** Queries in flight at once: a fund manager may have hundreds of funds, each one list. */
const PARALLEL = 16;

export interface MergedPage<T> {
  readonly items: T[];
  /** Whether any list may hold more below the last item given. */
  readonly more: boolean;
}

/**
 * Up to `limit` items, newest first, from `sources` (whose ids are disjoint). `keep` drops what no
 * expression can (a fund set larger than DynamoDB's 100 operands of `IN`).
 */
export const mergeNewestFirst = async <T extends { id: string }>(
  store: Store,
  kind: Entity<T>,
  sources: readonly ListSource[],
  limit: number,
  keep: (item: T) => boolean = () => true,
): Promise<MergedPage<T>> => {
  const streams: Stream<T>[] = sources.map((source) => ({ source, buffer: [], startKey: undefined, done: false, floor: '' }));
  const read = async (stream: Stream<T>, want: number): Promise<void> => {
    const result = await send(store, { ...stream.source.input, TableName: store.tableName, Limit: want, ExclusiveStartKey: stream.startKey });
    for (const item of result.Items ?? []) {
      const decoded = decode(kind, item);
      if (keep(decoded)) stream.buffer.push(decoded);
    }
    stream.startKey = result.LastEvaluatedKey;
    stream.done = stream.startKey === undefined;
    stream.floor = stream.done ? '' : String(stream.startKey![stream.source.position]);
  };

  // First round: every list, a fair share of the page each (ids are spread evenly over shards).
  const share = Math.ceil(limit / Math.max(streams.length, 1)) + 1;
  for (let i = 0; i < streams.length; i += PARALLEL) await Promise.all(streams.slice(i, i + PARALLEL).map((s) => read(s, share)));

  const items: T[] = [];
  while (items.length < limit) {
    const open = streams.filter((s) => !s.done);
    const highestFloor = open.reduce((f, s) => (s.floor > f ? s.floor : f), '');
    const next = streams.reduce<Stream<T> | undefined>((best, s) => (s.buffer.length > 0 && (!best || s.buffer[0]!.id > best.buffer[0]!.id) ? s : best), undefined);
    // Every unread item is below the highest floor, so a buffered item at or above it is next.
    if (next && next.buffer[0]!.id >= highestFloor) {
      items.push(next.buffer.shift()!);
      continue;
    }
    if (open.length === 0) break;
    // The list holding the rest back has nothing buffered above its floor: read it further, its
    // share of what the page still wants (reading more at once would save round trips, not reads).
    await read(open.find((s) => s.floor === highestFloor)!, Math.ceil((limit - items.length) / open.length) + 1);
  }
  return { items, more: streams.some((s) => !s.done || s.buffer.length > 0) };
};

const send = async (store: Store, input: QueryCommandInput) => {
  try {
    return await store.doc.send(new QueryCommand(input));
  } catch (error) {
    throw error instanceof CorruptItemError ? error : translateStoreError(error);
  }
};
