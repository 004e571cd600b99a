// Report counters moved by a payout line being paid or reversed, kept inside DynamoDB's 100-item
// transaction limit however many report keys a line spans.
//
// The first moves ride in the money transaction itself. Any beyond that are written, in the same
// transaction, as "pending" items in the run's MOVE# partition; each pending item is then applied in a transaction
// of its own that deletes it, so it applies exactly once even if a worker or webhook dies first and
// a later pass (the next worker pass over the run, or the webhook's redelivery) picks it up.
import type { PayoutLine } from '../domain/payout-run.js';
import { aggregateUpdate, type AggregateDelta, type Dimension } from './aggregates.js';
import type { Store } from './client.js';
import { entities, itemOf } from './entities.js';
import { keys, partitionQuery, sortPrefix } from './keys.js';
import { queryAll } from './query.js';
import { shardOf } from './shards.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

/** Moves carried in the money transaction; the rest are deferred. Leaves room for its ~10 items. */
export const IN_TRANSACTION = 60;
const PER_PENDING_ITEM = 90;

interface Move {
  readonly dimension: Dimension;
  readonly key: string;
  readonly delta: AggregateDelta;
}

/** `sign` +1 pays (reserved → paid), -1 reverses (paid → reserved). */
const movesOf = (line: PayoutLine, sign: 1 | -1): Move[] => {
  const delta = (amount: number) => ({ reservedPence: -sign * amount, paidPence: sign * amount });
  return [
    { dimension: 'organisation', key: line.organisationId, delta: delta(line.amountPence) },
    ...(['month', 'priorityGroup', 'pcn'] as const).flatMap((dimension) =>
      Object.entries(line.breakdown[dimension]).map(([key, amount]) => ({ dimension, key, delta: delta(amount) })),
    ),
  ];
};

/** The items to add to the money transaction: the first moves, and pending items for the rest. */
export const reportMoveItems = (store: Store, line: PayoutLine, sign: 1 | -1, tag: string): TransactItem[] => {
  const moves = movesOf(line, sign);
  const now = moves.slice(0, IN_TRANSACTION).map((m) => aggregateUpdate(store.tableName, line.fundId, m.dimension, m.key, m.delta, shardOf(line.id)));
  const later: TransactItem[] = [];
  for (let i = IN_TRANSACTION, n = 0; i < moves.length; i += PER_PENDING_ITEM, n += 1) {
    const at = { runId: line.runId, lineId: line.id, tag, n };
    later.push({
      Put: {
        TableName: store.tableName,
        // Its own sort key again as `id`: reads strip key attributes, and applying it deletes it by key.
        Item: itemOf(entities.pendingMoves, at, { id: entities.pendingMoves.key(at).sk, fundId: line.fundId, moves: moves.slice(i, i + PER_PENDING_ITEM) }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  return [...now, ...later];
};

/** Applies every pending report move of a run, each exactly once. Safe to call at any time, from anywhere. */
export const applyPendingReportMoves = async (store: Store, runId: string): Promise<number> => {
  const partition = keys.pendingMovesPartition(runId);
  const pending = await queryAll(store, entities.pendingMoves, partitionQuery(partition, sortPrefix.pendingMoves));
  let applied = 0;
  for (const item of pending) {
    try {
      await transactWrite(store, [
        { Delete: { TableName: store.tableName, Key: { pk: partition, sk: item.id }, ConditionExpression: 'attribute_exists(pk)' } },
        ...item.moves.map((m) => aggregateUpdate(store.tableName, item.fundId, m.dimension, m.key, m.delta, shardOf(item.id))),
      ]);
      applied += 1;
    } catch (error) {
      // Another pass applied it first.
      if (!(error instanceof TransactionConditionFailed)) throw error;
    }
  }
  return applied;
};
