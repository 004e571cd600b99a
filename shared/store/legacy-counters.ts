// Folds the report counters and activity statistics written before write sharding into shard 0: a one-off for an existing table.
//
// Nothing reads the old items (keys-legacy.ts), so until they are folded a table that held them
// shows its spend report, statements' referral counts and directory figures from zero. Each old item
// is folded in one transaction:
//
//   ADD its counters to the shard-0 item of the same key   (created by the ADD when missing)
//   DELETE the old item, IF it still exists
//
// The condition makes the fold exactly once: two runs at once, or a run retried after a lost answer,
// find the item gone and the whole transaction is refused, so nothing is added twice; a run stopped
// part-way leaves the rest for the next. The app may write meanwhile: its writes only ADD to shard
// items, ADD commutes, and reads sum every shard, so no figure is lost or counted twice. A report
// row is deleted only while it holds what was read (see deleteCondition), so even an older version's
// write to it during a deploy is folded, not lost. Statistics
// are nothing but counters (statuses, and one `rh_<hours>` counter per whole hour waited), so the
// summed shards give exactly the counts, rate and median the single item gave.
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { aggregateUpdate, DIMENSIONS, type Dimension } from './aggregates.js';
import type { Store } from './client.js';
import { CorruptItemError, decode } from './entity.js';
import { entities } from './entities.js';
import { keys, TABLE_KEY, type Key } from './keys.js';
import { legacyKeys } from './keys-legacy.js';
import { WRITE_SHARDS } from './shards.js';
import { named, transactWrite, TransactionConditionFailed, type TransactPart } from './transact.js';

export type LegacyCounter =
  | {
      readonly kind: 'aggregate';
      readonly key: Key;
      readonly fundId: string;
      readonly dimension: Dimension;
      readonly rowKey: string;
      readonly delta: { readonly acceptedReferrals: number; readonly reservedPence: number; readonly paidPence: number };
    }
  | { readonly kind: 'activityStats'; readonly key: Key; readonly activityId: string; readonly counters: Readonly<Record<string, number>> };

export interface FoldResult {
  /** Old items the scan found. */
  readonly found: number;
  /** Those this run folded (the rest were folded by another run at the same moment). */
  readonly folded: number;
}

/**
 * Counters per shard item in one update: well inside DynamoDB's 4 KB expression. A statistics item
 * holding more (many distinct waiting hours) is spread over further shards, which the sum does not notice.
 */
export const COUNTERS_PER_UPDATE = 100;

const isDimension = (name: string): name is Dimension => (DIMENSIONS as readonly string[]).includes(name);

/**
 * What an item from the scan is: an old aggregate or statistics item, or undefined for an item that is
 * already a shard (the filter also returns the counters' partition). An old item that cannot be
 * placed is reported as corrupt rather than skipped: skipping it would lose its figures.
 */
export const legacyCounterOf = (item: Record<string, unknown>): LegacyCounter | undefined => {
  const key = { pk: String(item[TABLE_KEY.pk]), sk: String(item[TABLE_KEY.sk]) };
  const activityId = legacyKeys.statsActivityId(key.pk, key.sk);
  if (activityId !== undefined) return { kind: 'activityStats', key, activityId, counters: decode(entities.activityStats, item) };
  if (item.entity !== entities.aggregate.kind) return undefined;
  const fundId = typeof item.fundId === 'string' ? item.fundId : undefined;
  if (fundId === undefined) throw new CorruptItemError(entities.aggregate.kind, key, ['fundId: expected text']);
  if (!legacyKeys.isLegacyAggregate(key.pk, fundId)) return undefined;
  const row = decode(entities.aggregate, item);
  if (!isDimension(row.dimension)) throw new CorruptItemError(entities.aggregate.kind, key, [`dimension: not one of ${DIMENSIONS.join(', ')}`]);
  return {
    kind: 'aggregate',
    key,
    fundId,
    dimension: row.dimension,
    rowKey: row.key,
    delta: { acceptedReferrals: row.acceptedReferrals, reservedPence: row.reservedPence, paidPence: row.paidPence },
  };
};

/** ADDs of one activity's counters to one of its shard items (what `activityStatsUpdate` writes: counters only). */
const statsAdd = (tableName: string, activityId: string, shard: number, counters: readonly (readonly [string, number])[]): TransactPart => ({
  Update: {
    TableName: tableName,
    Key: keys.activityStats(activityId, shard),
    UpdateExpression: `ADD ${counters.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(counters.map(([name], i) => [`#c${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(counters.map(([, n], i) => [`:c${i}`, n])),
  },
});

/** The statistics' counters in groups of COUNTERS_PER_UPDATE, group i for shard i (shard 0 for any ordinary item). */
const statsAdds = (tableName: string, activityId: string, key: Key, counters: Readonly<Record<string, number>>): TransactPart[] => {
  const entries = Object.entries(counters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const groups = Array.from({ length: Math.ceil(entries.length / COUNTERS_PER_UPDATE) }, (_, i) => entries.slice(i * COUNTERS_PER_UPDATE, (i + 1) * COUNTERS_PER_UPDATE));
  if (groups.length > WRITE_SHARDS) {
    throw new CorruptItemError(entities.activityStats.kind, key, [`${entries.length} counters: more than ${WRITE_SHARDS * COUNTERS_PER_UPDATE} cannot be folded in one transaction`]);
  }
  return groups.map((group, shard) => statsAdd(tableName, activityId, shard, group));
};

/**
 * The old item is deleted only while it exists and, for a report row (its three money and count
 * figures), only while it holds exactly what was read: an addition made meanwhile by a function of an
 * older version refuses the fold, which reads the item again. A statistics item may gain a counter of
 * a new name, which no condition of fixed size could see, so it is held to existence only, and
 * docs/deploy.md says to fold once no older version is running.
 */
const deleteCondition = (legacy: LegacyCounter) =>
  legacy.kind === 'aggregate'
    ? {
        ConditionExpression: `attribute_exists(${TABLE_KEY.pk}) AND acceptedReferrals = :a AND reservedPence = :r AND paidPence = :p`,
        ExpressionAttributeValues: { ':a': legacy.delta.acceptedReferrals, ':r': legacy.delta.reservedPence, ':p': legacy.delta.paidPence },
      }
    : { ConditionExpression: `attribute_exists(${TABLE_KEY.pk})` };

/** The one transaction that folds an old item: its counters added to shard 0, and the item deleted if it is still there. */
export const foldTransaction = (tableName: string, legacy: LegacyCounter): TransactPart[] => {
  const adds =
    legacy.kind === 'aggregate'
      ? [aggregateUpdate(tableName, legacy.fundId, legacy.dimension, legacy.rowKey, legacy.delta, 0)]
      : statsAdds(tableName, legacy.activityId, legacy.key, legacy.counters);
  const remove = { Delete: { TableName: tableName, Key: legacy.key, ...deleteCondition(legacy) } };
  return [...adds, named('legacy', remove)];
};

/** Times an old report row that keeps changing under the fold is read again before the run gives up on it. */
const REREADS = 5;

/**
 * False when the old item was gone by the time the transaction ran: another run folded it. A row
 * that changed since it was read is read again and folded as it is now.
 */
const fold = async (store: Store, read: LegacyCounter): Promise<boolean> => {
  let legacy: LegacyCounter | undefined = read;
  for (let attempt = 0; legacy; attempt += 1) {
    try {
      await transactWrite(store, foldTransaction(store.tableName, legacy));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed && error.failed('legacy'))) throw error;
      if (attempt === REREADS) throw new Error(`The old counter item ${legacy.key.pk} / ${legacy.key.sk} kept changing while it was folded; run the fold again once nothing older writes to it.`);
      const again: { Item?: Record<string, unknown> } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: legacy.key, ConsistentRead: true }));
      legacy = again.Item ? legacyCounterOf(again.Item) : undefined;
    }
  }
  return false;
};

/**
 * Finds every old counter item by a paged Scan (the table's only other Scan is the referral lists'
 * backfill; no function runs either) and folds each. Consistent reads, so a second run straight
 * after finds nothing.
 */
export const foldLegacyCounters = async (store: Store): Promise<FoldResult> => {
  let found = 0;
  let folded = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({ TableName: store.tableName, ...legacyKeys.scanFilter(entities.aggregate.kind), ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      const legacy = legacyCounterOf(item);
      if (legacy === undefined) continue;
      found += 1;
      if (await fold(store, legacy)) folded += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { found, folded };
};
