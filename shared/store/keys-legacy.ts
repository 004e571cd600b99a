// The keys counters had before write sharding: read once more, by the fold into shard 0, and written by nothing.
import { keys } from './keys.js';

/**
 * Two shapes came before `FUND#<fund>#AGG` / `AGG#<dimension>#<key>#<shard>` and `ACT#<id>` / `STATS#<shard>`:
 *
 *  report aggregate  FUND#<fund>   AGG#<dimension>#<key>            (until dc2d8f7: one item per key)
 *  report aggregate  FUND#<fund>   AGG#<dimension>#<key>#<shard>    (dc2d8f7 to 9016212: sharded, still in the fund's partition)
 *  activity stats    ACT#<id>      STATS                            (until dc2d8f7: one item per activity)
 *
 * Both aggregate shapes carry `entity`, `fundId`, `dimension` and `key`, so an item is placed by
 * those attributes and its partition, never by parsing its sort key (a key may itself hold `#`).
 */
const ACTIVITY_PREFIX = 'ACT#';
const STATS_SORT_KEY = 'STATS';
const AGGREGATE_SORT_PREFIX = 'AGG#';

export const legacyKeys = {
  /** The Scan filter that returns every candidate: aggregate items anywhere (the caller keeps the old partition's), and `STATS`. */
  scanFilter: (aggregateEntity: string) => ({
    FilterExpression: '(entity = :aggregate AND begins_with(sk, :agg)) OR sk = :stats',
    ExpressionAttributeValues: { ':aggregate': aggregateEntity, ':agg': AGGREGATE_SORT_PREFIX, ':stats': STATS_SORT_KEY } as Record<string, unknown>,
  }),
  /** An aggregate item in its fund's own partition is from before the counters' partition. */
  isLegacyAggregate: (pk: string, fundId: string): boolean => pk === keys.fund(fundId).pk,
  /** The activity of a pre-sharding `STATS` item, or undefined for any other key. */
  statsActivityId: (pk: string, sk: string): string | undefined =>
    sk === STATS_SORT_KEY && pk.startsWith(ACTIVITY_PREFIX) && pk.length > ACTIVITY_PREFIX.length ? pk.slice(ACTIVITY_PREFIX.length) : undefined,
  /** A pre-sharding `STATS` item's key, for tests and fixtures that write one. */
  activityStats: (activityId: string) => ({ pk: `${ACTIVITY_PREFIX}${activityId}`, sk: STATS_SORT_KEY }),
  /** A pre-sharding aggregate's key (no shard), for tests and fixtures that write one. */
  aggregate: (fundId: string, dimension: string, key: string) => ({ pk: keys.fund(fundId).pk, sk: `${AGGREGATE_SORT_PREFIX}${dimension}#${key}` }),
  /** An aggregate of the interim shape: sharded, in the fund's own partition. */
  aggregateInFundPartition: (fundId: string, dimension: string, key: string, shard: number) => ({
    pk: keys.fund(fundId).pk,
    sk: `${AGGREGATE_SORT_PREFIX}${dimension}#${key}#${shard}`,
  }),
} as const;
