// Report reads: the aggregates kept by acceptance and payout writes, so their cost never grows with referrals.
import { sumAggregates, type AggregateRow, type Dimension } from './aggregates.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keys, partitionQuery, sortPrefix } from './keys.js';
import type { Page } from './pagination.js';
import { queryAll } from './query.js';
import { pageOf } from './reports-pages.js';

export type SpendRow = AggregateRow;

/**
 * One row per key of `dimension` in the fund, in key order: a single Query on the fund's counters' partition
 * reads every shard of every key (at most WRITE_SHARDS items per row, however many referrals), and
 * the page is cut from the summed rows, so a row's shards are never split across pages.
 */
export const spendReport = async (store: Store, fundId: string, dimension: Dimension, limit: number, cursor: string | undefined): Promise<Page<SpendRow>> => {
  // The counters' own partition holds only shard items (counters from before sharding sat in the fund's partition).
  const shards = await queryAll(store, entities.aggregate, partitionQuery(keys.aggregatePartition(fundId), sortPrefix.aggregate(dimension)));
  return pageOf(sumAggregates(shards), (row) => row.key, limit, cursor);
};
