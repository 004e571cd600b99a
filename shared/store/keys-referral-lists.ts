// The keys of the referral lists (gsi4–gsi7): the second half of the key module, beside keys.ts (which is at its 300 lines).
import { INDEX, indexAttributes, indexQuery, type IndexName } from './keys.js';

/**
 * The referral lists (issue 14): each ordered by the referral's id, a ULID, so newest first is a
 * descending Query and a cursor is an id. The lists of every referral are write-sharded by a hash of
 * the id, so no index partition takes every new referral; an activity's and a fund's take only theirs.
 *
 *  gsi4  REFS#<shard> / <id>             every referral (commissioners)
 *  gsi5  REFS#<status>#<shard> / <id>    every referral in its status now (it moves once: sent → its answer)
 *  gsi6  ACT#<activity>#REFS / <id>      an activity's referrals
 *  gsi7  FUND#<fund>#REFS / <id>         the referrals a fund paid for (set at acceptance, so all accepted)
 */
export type ReferralList = { readonly shard: number; readonly status?: string | undefined } | { readonly activityId: string } | { readonly fundId: string };
export type ListedReferral = { id: string; status: string; activityId: string; funding: { fundId: string } | null };
const REFERRAL_LIST_SHARDS = 8;
const listIndex = (list: ReferralList): { index: IndexName; pk: string } =>
  'activityId' in list ? { index: 'gsi6', pk: `ACT#${list.activityId}#REFS` }
  : 'fundId' in list ? { index: 'gsi7', pk: `FUND#${list.fundId}#REFS` }
  : list.status ? { index: 'gsi5', pk: `REFS#${list.status}#${list.shard}` } : { index: 'gsi4', pk: `REFS#${list.shard}` };

export const referralLists = {
  shards: Array.from({ length: REFERRAL_LIST_SHARDS }, (_, shard) => shard),
  /** A referral's shard: a hash of its id, so each shard takes an even share of new referrals. */
  shardOf: (id: string): number => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % REFERRAL_LIST_SHARDS,
  /** The lists a referral is in as it now stands: written with the referral, and again whenever its status or funding changes. */
  indexes: (r: ListedReferral): Record<string, string> => {
    const shard = referralLists.shardOf(r.id);
    const lists: ReferralList[] = [{ shard }, { shard, status: r.status }, { activityId: r.activityId }, ...(r.funding ? [{ fundId: r.funding.fundId }] : [])];
    return indexAttributes(Object.fromEntries(lists.map((list) => [listIndex(list).index, { pk: listIndex(list).pk, sk: r.id }])));
  },
  /** One list newest first, below the id `before` when given; `position` names the attribute holding an item's id in it. */
  query: (list: ReferralList, before?: string) => {
    const { index, pk } = listIndex(list);
    return { input: { ...indexQuery(index, pk, before === undefined ? undefined : { before }), ScanIndexForward: false }, position: INDEX[index].sk };
  },
  /** The one attribute a list cursor holds: the id of the last referral the page gave. */
  cursorAttribute: INDEX.gsi4.sk,
} as const;
