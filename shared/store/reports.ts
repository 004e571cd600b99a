// Report reads: the aggregates kept by acceptance and payout writes, so their cost never grows with referrals.
import type { Dimension } from './aggregates.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keys, partitionQuery, sortPrefix } from './keys.js';
import { queryPage } from './query.js';

export interface SpendRow {
  readonly key: string;
  readonly acceptedReferrals: number;
  readonly reservedPence: number;
  readonly paidPence: number;
}

/** One row per key of `dimension` in the fund, in key order: a single Query on the fund's partition. */
export const spendReport = async (store: Store, fundId: string, dimension: Dimension, limit: number, cursor: string | undefined) => {
  const page = await queryPage(store, entities.aggregate, partitionQuery(keys.fund(fundId).pk, sortPrefix.aggregate(dimension)), limit, cursor);
  const items: SpendRow[] = page.items.map((row) => ({
    key: row.key,
    acceptedReferrals: row.acceptedReferrals,
    reservedPence: row.reservedPence,
    paidPence: row.paidPence,
  }));
  return { items, nextCursor: page.nextCursor };
};
