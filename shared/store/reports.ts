// Report reads: the aggregates kept by acceptance and payout writes, so their cost never grows with referrals.
import type { Dimension } from './aggregates.js';
import type { Store } from './client.js';
import { keys } from './keys.js';
import { queryPage } from './query.js';

export interface SpendRow {
  readonly key: string;
  readonly acceptedReferrals: number;
  readonly reservedPence: number;
  readonly paidPence: number;
}

/** One row per key of `dimension` in the fund, in key order: a single Query on the fund's partition. */
export const spendReport = async (store: Store, fundId: string, dimension: Dimension, limit: number, cursor: string | undefined) => {
  const page = await queryPage<Record<string, unknown>>(
    store,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.fund(fundId).pk, ':prefix': `AGG#${dimension}#` },
    },
    limit,
    cursor,
  );
  const items: SpendRow[] = page.items.map((row) => ({
    key: String(row.key),
    acceptedReferrals: Number(row.acceptedReferrals ?? 0),
    reservedPence: Number(row.reservedPence ?? 0),
    paidPence: Number(row.paidPence ?? 0),
  }));
  return { items, nextCursor: page.nextCursor };
};
