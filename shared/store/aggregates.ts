// Report aggregates: counters per fund and dimension, updated inside the writes that move money.
import type { TransactItem } from './transact.js';
import { keys } from './keys.js';

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

/** One counter's ADD; ADD creates the counter on first use, so there is no read first. */
export const aggregateUpdate = (tableName: string, fundId: string, dimension: Dimension, key: string, delta: AggregateDelta): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.aggregate(fundId, dimension, key),
    UpdateExpression: 'ADD acceptedReferrals :a, reservedPence :r, paidPence :p SET #dimension = :d, #key = :k, entity = :e, fundId = :f',
    ExpressionAttributeNames: { '#dimension': 'dimension', '#key': 'key' },
    ExpressionAttributeValues: {
      ':a': delta.acceptedReferrals ?? 0,
      ':r': delta.reservedPence ?? 0,
      ':p': delta.paidPence ?? 0,
      ':d': dimension,
      ':k': key,
      ':e': 'aggregate',
      ':f': fundId,
    },
  },
});

/** The same change under every dimension's key. */
export const aggregateUpdates = (tableName: string, fundId: string, dims: DimensionKeys, delta: AggregateDelta): TransactItem[] =>
  DIMENSIONS.map((dimension) => aggregateUpdate(tableName, fundId, dimension, dims[dimension], delta));
