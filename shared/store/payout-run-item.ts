// A payout run as stored, and the reads of a run, its lines and the amounts locked to it.
import type { PayoutRun } from '../domain/payout-run.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { accessPatterns, keys, partitionQuery, sortPrefix } from './keys.js';
import { getItem, queryAll } from './query.js';
import type { TransactItem } from './transact.js';

export type StoredRun = PayoutRun & {
  auditSeq: number;
  auditHash: string;
  lockState: 'locking' | 'complete';
  /** Which drafting request may still write to the run while it is being locked. */
  lockOwner: string;
  paidCount: number;
  failedCount: number;
  lineCount: number;
};

type RunItem = Omit<StoredRun, 'progress'>;

/** The run as read, with `progress` from its counters. */
export const withProgress = <R extends RunItem>(run: R): R & StoredRun => ({
  ...run,
  progress: { total: run.lineCount, paid: run.paidCount, failed: run.failedCount },
});

export const getRun = async (store: Store, id: string): Promise<StoredRun | undefined> => {
  const run = await getItem(store, entities.payoutRun, keys.payoutRun(id));
  return run && withProgress(run);
};

/**
 * A run's lines, read consistently: shards settling at the same moment each decide from this whether
 * any line is left, so a read a moment behind could leave the run `paying` with every line settled.
 */
export const listLines = (store: Store, runId: string) =>
  queryAll(store, entities.payoutLine, { ...partitionQuery(keys.payoutRun(runId).pk, sortPrefix.line), ConsistentRead: true });

/** Payable amounts locked to a run (the run's referrals and instalments). */
export const listRunPayables = (store: Store, runId: string) => queryAll(store, entities.payable, accessPatterns.runPayables(runId));

/**
 * The fund's pointer to its one open draft. Set when a draft starts, only if none is open, so two
 * drafts never split the same amounts between them; cleared at approval, only if it is this run.
 */
export const openDraftPointer = (tableName: string, fundId: string, runId: string, change: 'set' | 'clear'): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: keys.fund(fundId),
    UpdateExpression: change === 'set' ? 'SET openRunId = :run' : 'REMOVE openRunId',
    ConditionExpression: change === 'set' ? 'attribute_exists(pk) AND attribute_not_exists(openRunId)' : 'openRunId = :run',
    ExpressionAttributeValues: { ':run': runId },
  },
});

export const lineIdFor = (runId: string, organisationId: string) => `line_${runId.slice(4)}_${organisationId.slice(4)}`;
