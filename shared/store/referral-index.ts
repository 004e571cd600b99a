// The commissioners' and fund managers' referral lists, newest first, read from the list indexes (never a Scan).
//
// Which lists a page reads, by view and filter:
//
//   view           no filter                 status                          activity (± status)
//   every referral the 8 shards (gsi4)        the 8 shards of the status      the activity's list (gsi6),
//                                            (gsi5)                          status as a filter
//   funds          each fund's list (gsi7),  accepted: as no filter;         the activity's list, kept
//                  merged                    any other: none (see below)     only if one of the funds paid
//
// A funded referral is always accepted (funding is set at acceptance, and accepted is final), so a
// fund manager asking for another status gets an empty page without a read. Where a filter is an
// expression (the activity's list with a status, or with the manager's funds), a page reads at most
// that one activity's referrals, never the table's.
import type { Referral } from '../domain/referral.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { referralLists, type ReferralList } from './keys-referral-lists.js';
import { mergeNewestFirst, type ListSource } from './referral-index-merge.js';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from './pagination.js';

export type IndexedView = { readonly by: 'all' } | { readonly by: 'funds'; readonly fundIds: readonly string[] };

export interface ListFilter {
  readonly status?: string | undefined;
  readonly activityId?: string | undefined;
}

export const listIndexedReferrals = async (store: Store, view: IndexedView, filter: ListFilter, limit: number, cursor: string | undefined): Promise<Page<Referral>> => {
  const before = positionOf(cursor);
  const funds = view.by === 'funds' ? new Set(view.fundIds) : undefined;
  if (funds && (funds.size === 0 || (filter.status !== undefined && filter.status !== 'accepted'))) return { items: [], nextCursor: null };

  const lists: ReferralList[] = filter.activityId
    ? [{ activityId: filter.activityId }]
    : funds
      ? [...funds].map((fundId) => ({ fundId }))
      : referralLists.shards.map((shard) => ({ shard, status: filter.status }));
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.activityId && filter.status) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.activityId && funds) conditions.push('attribute_exists(funding.fundId)');
  const sources: ListSource[] = lists.map((list) => {
    const { input, position } = referralLists.query(list, before);
    return {
      position,
      input: {
        ...input,
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ...values },
      },
    };
  });
  // DynamoDB's `IN` takes at most 100 operands and a manager may have more funds, so the page keeps them.
  const keep = funds && filter.activityId ? (r: Referral) => r.funding !== null && funds.has(r.funding.fundId) : undefined;
  const page = await mergeNewestFirst(store, entities.referral, sources, limit, keep);
  const last = page.items.at(-1);
  return { items: page.items, nextCursor: page.more && last ? encodeCursor({ [referralLists.cursorAttribute]: last.id }) : null };
};

/** The id a cursor of these lists holds: the last referral of the page before. */
const positionOf = (cursor: string | undefined): string | undefined => {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  const entries = Object.entries(key);
  if (entries.length !== 1 || entries[0]![0] !== referralLists.cursorAttribute) throw invalidCursor();
  return String(entries[0]![1]);
};
