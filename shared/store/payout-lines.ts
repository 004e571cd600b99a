// What happens to a payout line: paid (money moves reserved → paid), failed, reset for retry, reversed.
// Each is one transaction that also appends the run's audit chain and moves its progress counters.
import { AppError } from '../domain/errors.js';
import { movement } from '../domain/ledger.js';
import { retryKey, type PayoutLine } from '../domain/payout-run.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { keys } from './keys.js';
import { movementItems } from './ledger-writes.js';
import { payablePut } from './payable-writes.js';
import { reversedPayable, runEvent, runHead, type LineWrite } from './payout-line-items.js';
import { getRun, type StoredRun } from './payout-run-item.js';
import { getItem } from './query.js';
import { reportMoveItems } from './report-moves.js';
import { decideAgain, named, TransactionConditionFailed, transactWrite, type TransactPart } from './transact.js';

export type { LineWrite } from './payout-line-items.js';

export const getLine = (store: Store, runId: string, lineId: string) => getItem(store, entities.payoutLine, keys.payoutLine(runId, lineId));

/** The name of the line's own update: its condition failing means the line is no longer as expected. */
const LINE = 'line';

/**
 * Runs `build` against the run as it stands now, building again when the run's audit head moved
 * (another line of the same run was written at the same moment). Returns false when the line itself
 * was no longer in the state `build` expected (someone else already did this), or `build` declined.
 */
const withRun = (store: Store, runId: string, build: (run: StoredRun) => TransactPart[] | null): Promise<boolean> =>
  decideAgain(
    store,
    async () => {
      const run = await getRun(store, runId);
      if (!run) throw new AppError('not_found', `No payout run ${runId}.`);
      const items = build(run);
      if (!items) return false;
      try {
        await transactWrite(store, items);
        return true;
      } catch (error) {
        if (error instanceof TransactionConditionFailed && error.failed(LINE)) return false;
        throw error;
      }
    },
    `Payout run ${runId} is too busy; the worker will try again.`,
  );

/** Notes that Stripe is about to be asked for this line's transfer; false when it is no longer pending. */
export const markLineAttempt = async (store: Store, line: PayoutLine, at: string): Promise<boolean> => {
  try {
    await transactWrite(store, [
      {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(line.runId, line.id),
          UpdateExpression: 'SET attemptedAt = :at',
          ConditionExpression: '#status = :pending AND idempotencyKey = :key',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':pending': 'pending', ':key': line.idempotencyKey },
        },
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return false;
    throw error;
  }
};

export const recordLinePaid = (store: Store, line: PayoutLine, transferId: string, input: LineWrite): Promise<boolean> =>
  withRun(store, line.runId, (run) => {
    const at = new Date(input.at);
    const audit = runEvent(store.tableName, run, input, 'payout_line.paid', line.id, { organisationId: line.organisationId, amountPence: line.amountPence, stripeTransferId: transferId, idempotencyKey: line.idempotencyKey });
    const paid = movement({ id: input.ids('ledger', at), fundId: line.fundId, kind: 'transfer_paid', amountPence: line.amountPence, at: input.at, refs: { runId: run.id, lineId: line.id, stripeTransferId: transferId } });
    return [
      named(LINE, {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(run.id, line.id),
          UpdateExpression: 'SET #status = :paid, stripeTransferId = :tr, paidAt = :at REMOVE failureCode',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':paid': 'paid', ':pending': 'pending', ':tr': transferId, ':at': input.at },
        },
      }),
      runHead(store.tableName, run, audit, { add: { paidCount: 1 } }),
      ...movementItems(store.tableName, paid),
      ...reportMoveItems(store, line, 1, 'paid'),
      { Put: audit.put },
    ];
  });

export const recordLineFailed = (store: Store, line: PayoutLine, failure: { code: string; definitive: boolean }, input: LineWrite): Promise<boolean> =>
  withRun(store, line.runId, (run) => {
    const audit = runEvent(store.tableName, run, input, 'payout_line.failed', line.id, { organisationId: line.organisationId, amountPence: line.amountPence, failureCode: failure.code, definitive: failure.definitive, idempotencyKey: line.idempotencyKey });
    return [
      named(LINE, {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(run.id, line.id),
          UpdateExpression: 'SET #status = :failed, failureCode = :code, failureDefinitive = :definitive',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':pending': 'pending', ':code': failure.code, ':definitive': failure.definitive },
        },
      }),
      runHead(store.tableName, run, audit, { add: { failedCount: 1 } }),
      { Put: audit.put },
    ];
  });

/** A failed line back to pending, under a new key after a definitive refusal or the same key otherwise. */
export const resetLineForRetry = (store: Store, line: PayoutLine, input: LineWrite): Promise<boolean> =>
  withRun(store, line.runId, (run) => {
    const next = retryKey(line);
    const audit = runEvent(store.tableName, run, input, 'payout_line.retry', line.id, { previousKey: line.idempotencyKey, idempotencyKey: next.key, previousFailure: line.failureCode });
    return [
      named(LINE, {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(run.id, line.id),
          UpdateExpression: 'SET #status = :pending, idempotencyKey = :key, attempt = :attempt REMOVE failureCode, failureDefinitive',
          ConditionExpression: '#status = :failed AND idempotencyKey = :oldKey',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':failed': 'failed', ':key': next.key, ':attempt': next.attempt, ':oldKey': line.idempotencyKey },
        },
      }),
      runHead(store.tableName, run, audit, { add: { failedCount: -1 } }),
      { Put: audit.put },
    ];
  });

/** transfer.reversed: the line is reversed and its amount is payable again, in the next run. */
export const recordLineReversed = (
  store: Store,
  line: PayoutLine,
  reversal: { amountPence: number; transferId: string; previouslyReversedPence: number },
  input: LineWrite,
  extra: TransactPart[] = [],
): Promise<boolean> =>
  withRun(store, line.runId, (run) => {
    const at = new Date(input.at);
    const audit = runEvent(store.tableName, run, input, 'payout_line.reversed', line.id, { organisationId: line.organisationId, amountPence: reversal.amountPence, stripeTransferId: reversal.transferId });
    const reversed = movement({ id: input.ids('ledger', at), fundId: line.fundId, kind: 'transfer_reversed', amountPence: reversal.amountPence, at: input.at, refs: { runId: run.id, lineId: line.id, stripeTransferId: reversal.transferId } });
    const payable = reversedPayable(line, reversal.amountPence, input.at, input.ids('payable', at));
    const reversedLine: PayoutLine = { ...line, amountPence: reversal.amountPence, breakdown: payable.breakdown! };
    return [
      named(LINE, {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(run.id, line.id),
          UpdateExpression: 'SET #status = :reversed, reversedPence = :total, reversedAt = :at',
          // Applied once per amount: the line must still show what was reversed before this event.
          ConditionExpression: '#status IN (:paid, :reversed) AND (attribute_not_exists(reversedPence) OR reversedPence = :before)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':reversed': 'reversed',
            ':paid': 'paid',
            ':total': reversal.previouslyReversedPence + reversal.amountPence,
            ':before': reversal.previouslyReversedPence,
            ':at': input.at,
          },
        },
      }),
      // The first reversal takes the line out of the paid count; later partial ones do not again.
      runHead(store.tableName, run, audit, { add: { paidCount: line.status === 'paid' ? -1 : 0 } }),
      ...movementItems(store.tableName, reversed),
      payablePut(store.tableName, payable),
      ...reportMoveItems(store, reversedLine, -1, reversed.id),
      { Put: audit.put },
      ...extra,
    ];
  });

/** A run's status from one of `from` to `to`, with its audit event; false when it was not in `from`. */
export const moveRun = (store: Store, runId: string, from: readonly string[], to: string, input: LineWrite): Promise<boolean> =>
  withRun(store, runId, (run) => {
    if (!from.includes(run.status)) return null;
    const audit = runEvent(store.tableName, run, input, `payout_run.${to}`, run.id, { from: run.status, to, progress: run.progress });
    // The run's own head: a failed condition here means it moved, so it is read again (and `from` checked again).
    return [
      runHead(store.tableName, run, audit, {
        set: { status: to },
        condition: { expression: '#status = :from', names: { '#status': 'status' }, values: { ':from': run.status } },
      }),
      { Put: audit.put },
    ];
  });
