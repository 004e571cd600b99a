// Report aggregates: counters per fund and dimension, updated inside the writes that move money.
//
// Each counter is write-sharded (shards.ts): a write adds to one of WRITE_SHARDS items under its key,
// `AGG#<dimension>#<key>#<shard>` in the fund's partition, so concurrent acceptances of a fund meet
// only on the fund item itself. Reads add the shards: a report is one Query on `AGG#<dimension>#`,
// a single row a batch read of its shards, so neither grows with referrals.
import type { Key } from './keys.js';
import { keyId, keys } from './keys.js';
import { SHARDS } from './shards.js';
import type { TransactItem } from './transact.js';

export const DIMENSIONS = ['organisation', 'month', 'priorityGroup', 'pcn'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Block funding is not tied to a referral, so it has no priority group or PCN of its own. */
export const BLOCK_FUNDED = 'block_funded';
export const NOT_RECORDED = 'not_recorded';

export interface DimensionKeys {
  readonly organisation: string;
  readonly month: string;
  readonly priorityGroup: string;
  readonly pcn: string;
}

export interface AggregateDelta {
  readonly acceptedReferrals?: number;
  readonly reservedPence?: number;
  readonly paidPence?: number;
}

/** What a report row holds: one key's counters, summed over its shards. */
export interface AggregateRow {
  readonly key: string;
  readonly acceptedReferrals: number;
  readonly reservedPence: number;
  readonly paidPence: number;
}

/**
 * One counter's ADD on one shard (`shardOf` the id of what is counted); ADD creates the shard on
 * first use, so there is no read first.
 */
export const aggregateUpdate = (tableName: string, fundId: string, dimension: Dimension, key: string, delta: AggregateDelta, shard: number): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.aggregate(fundId, dimension, key, shard),
    UpdateExpression: 'ADD acceptedReferrals :a, reservedPence :r, paidPence :p SET #dimension = :d, #key = :k, #shard = :s, entity = :e, fundId = :f',
    ExpressionAttributeNames: { '#dimension': 'dimension', '#key': 'key', '#shard': 'shard' },
    ExpressionAttributeValues: {
      ':a': delta.acceptedReferrals ?? 0,
      ':r': delta.reservedPence ?? 0,
      ':p': delta.paidPence ?? 0,
      ':d': dimension,
      ':k': key,
      ':s': shard,
      ':e': 'aggregate',
      ':f': fundId,
    },
  },
});

/**
 * The same change under every dimension's key, on one shard. Bulk writers that are not acceptances
 * (the benchmark's seeding) may leave it at shard 0: sums are right whichever shard a change lands on.
 */
export const aggregateUpdates = (tableName: string, fundId: string, dims: DimensionKeys, delta: AggregateDelta, shard = 0): TransactItem[] =>
  DIMENSIONS.map((dimension) => aggregateUpdate(tableName, fundId, dimension, dims[dimension], delta, shard));

/**
 * A block agreement's reservation under the dimensions it has whatever the month (its organisation,
 * and block-funded for priority group and PCN): `reservedPence` more at creation, less on release.
 * The month dimension follows each instalment's own month, so the caller adds those.
 */
export const blockReservationUpdates = (
  tableName: string,
  agreement: { readonly id: string; readonly fundId: string; readonly organisationId: string },
  reservedPence: number,
  shard: number,
): TransactItem[] => {
  const keysOf = { organisation: agreement.organisationId, priorityGroup: BLOCK_FUNDED, pcn: BLOCK_FUNDED } as const;
  return (['organisation', 'priorityGroup', 'pcn'] as const).map((dimension) => aggregateUpdate(tableName, agreement.fundId, dimension, keysOf[dimension], { reservedPence }, shard));
};

/** Every shard's key of one row, for a batch read. */
export const aggregateShardKeys = (fundId: string, dimension: Dimension, key: string): Key[] =>
  SHARDS.map((shard) => keys.aggregate(fundId, dimension, key, shard));

/** Shard items added into one row per key, in key order (the order the table sorts them in). */
export const sumAggregates = (items: Iterable<AggregateRow>): AggregateRow[] => {
  const rows = new Map<string, { key: string; acceptedReferrals: number; reservedPence: number; paidPence: number }>();
  for (const item of items) {
    const row = rows.get(item.key) ?? { key: item.key, acceptedReferrals: 0, reservedPence: 0, paidPence: 0 };
    row.acceptedReferrals += item.acceptedReferrals;
    row.reservedPence += item.reservedPence;
    row.paidPence += item.paidPence;
    rows.set(item.key, row);
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
};

/** One row read by a batch of its shards' keys (from `aggregateShardKeys`), summed; zeros when never written. */
export const sumRow = (found: ReadonlyMap<string, AggregateRow>, fundId: string, dimension: Dimension, key: string): AggregateRow =>
  sumAggregates(aggregateShardKeys(fundId, dimension, key).flatMap((k) => found.get(keyId(k)) ?? []))[0] ?? { key, acceptedReferrals: 0, reservedPence: 0, paidPence: 0 };
