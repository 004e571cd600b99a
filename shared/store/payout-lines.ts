// What happens to a payout line: paid (money moves reserved → paid), failed, reset for retry, reversed.
// Each is one transaction that also appends the run's audit chain and moves its progress counters.
import { AppError } from '../domain/errors.js';
import type { IdFactory } from '../domain/ids.js';
import { movement } from '../domain/ledger.js';
import { pence, splitProportionally } from '../domain/money.js';
import { retryKey, type PayoutLine } from '../domain/payout-run.js';
import { auditWrite } from './audit-writes.js';
import { movementItems } from './ledger-writes.js';
import { reportMoveItems } from './report-moves.js';
import type { Store } from './client.js';
import { indexKeys, keys, organisationPayableIndex } from './keys.js';
import { getItem } from './query.js';
import { getRun, type StoredRun } from './payout-runs.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

export interface LineWrite {
  readonly at: string;
  readonly actor: string;
  readonly ids: IdFactory;
}

export const getLine = (store: Store, runId: string, lineId: string) =>
  getItem<PayoutLine & Record<string, unknown>>(store, keys.payoutLine(runId, lineId));

/**
 * Runs `build` against the run as it stands now, retrying when the run's audit head moved (another
 * line of the same run was written at the same moment). Returns false when the line itself was no
 * longer in the state `build` expected: someone else already did this.
 */
const withRun = async (
  store: Store,
  runId: string,
  build: (run: StoredRun) => TransactItem[] | null,
  options: { firstItemIsRun?: boolean } = {},
): Promise<boolean> => {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const run = await getRun(store, runId);
    if (!run) throw new AppError('not_found', `No payout run ${runId}.`);
    const items = build(run);
    if (!items) return false;
    try {
      await transactWrite(store, items);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedAt(0) && !options.firstItemIsRun) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * Math.min(attempt + 1, 10)));
    }
  }
  throw new AppError('unavailable', `Payout run ${runId} is too busy; the worker will try again.`);
};

/** The next event on the run's audit chain, about the run itself or one of its lines. */
const runEvent = (store: Store, run: StoredRun, input: LineWrite, action: string, entityId: string, data: Record<string, unknown>) =>
  auditWrite(store.tableName, run, run.id, {
    eventId: input.ids('event', new Date(input.at)),
    at: input.at,
    actor: input.actor,
    action,
    entityId,
    fundId: run.fundId,
    data,
  });

const runHead = (store: Store, run: StoredRun, audit: ReturnType<typeof auditWrite>, extra: { set?: string; add?: string; values?: Record<string, unknown> }) => ({
  Update: {
    TableName: store.tableName,
    Key: keys.payoutRun(run.id),
    UpdateExpression: `SET auditSeq = :seq, auditHash = :hash${extra.set ? `, ${extra.set}` : ''}${extra.add ? ` ADD ${extra.add}` : ''}`,
    ConditionExpression: 'auditSeq = :prevSeq',
    ExpressionAttributeValues: { ':seq': audit.headFields.auditSeq, ':hash': audit.headFields.auditHash, ':prevSeq': audit.expectedSeq, ...extra.values },
  },
});

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
    const audit = runEvent(store, run, input, 'payout_line.paid', line.id, { organisationId: line.organisationId, amountPence: line.amountPence, stripeTransferId: transferId, idempotencyKey: line.idempotencyKey });
    const paid = movement({ id: input.ids('ledger', at), fundId: line.fundId, kind: 'transfer_paid', amountPence: line.amountPence, at: input.at, refs: { runId: run.id, lineId: line.id, stripeTransferId: transferId } });
    return [
      {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(run.id, line.id),
          UpdateExpression: 'SET #status = :paid, stripeTransferId = :tr, paidAt = :at REMOVE failureCode',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':paid': 'paid', ':pending': 'pending', ':tr': transferId, ':at': input.at },
        },
      },
      runHead(store, run, audit, { add: 'paidCount :one', values: { ':one': 1 } }),
      ...movementItems(store.tableName, paid),
      ...reportMoveItems(store, line, 1, 'paid'),
      { Put: audit.put },
    ];
  });

export const recordLineFailed = (store: Store, line: PayoutLine, failure: { code: string; definitive: boolean }, input: LineWrite): Promise<boolean> =>
  withRun(store, line.runId, (run) => {
    const audit = runEvent(store, run, input, 'payout_line.failed', line.id, { organisationId: line.organisationId, amountPence: line.amountPence, failureCode: failure.code, definitive: failure.definitive, idempotencyKey: line.idempotencyKey });
    return [
      {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(run.id, line.id),
          UpdateExpression: 'SET #status = :failed, failureCode = :code, failureDefinitive = :definitive',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':pending': 'pending', ':code': failure.code, ':definitive': failure.definitive },
        },
      },
      runHead(store, run, audit, { add: 'failedCount :one', values: { ':one': 1 } }),
      { Put: audit.put },
    ];
  });

/** A failed line back to pending, under a new key after a definitive refusal or the same key otherwise. */
export const resetLineForRetry = (store: Store, line: PayoutLine, input: LineWrite): Promise<boolean> =>
  withRun(store, line.runId, (run) => {
    const next = retryKey(line);
    const audit = runEvent(store, run, input, 'payout_line.retry', line.id, { previousKey: line.idempotencyKey, idempotencyKey: next.key, previousFailure: line.failureCode });
    return [
      {
        Update: {
          TableName: store.tableName,
          Key: keys.payoutLine(run.id, line.id),
          UpdateExpression: 'SET #status = :pending, idempotencyKey = :key, attempt = :attempt REMOVE failureCode, failureDefinitive',
          ConditionExpression: '#status = :failed AND idempotencyKey = :oldKey',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':failed': 'failed', ':key': next.key, ':attempt': next.attempt, ':oldKey': line.idempotencyKey },
        },
      },
      runHead(store, run, audit, { add: 'failedCount :minus', values: { ':minus': -1 } }),
      { Put: audit.put },
    ];
  });

/** transfer.reversed: the line is reversed and its amount is payable again, in the next run. */
export const recordLineReversed = (
  store: Store,
  line: PayoutLine,
  reversal: { amountPence: number; transferId: string; previouslyReversedPence: number },
  input: LineWrite,
  extra: TransactItem[] = [],
): Promise<boolean> =>
  withRun(store, line.runId, (run) => {
    const at = new Date(input.at);
    const audit = runEvent(store, run, input, 'payout_line.reversed', line.id, { organisationId: line.organisationId, amountPence: reversal.amountPence, stripeTransferId: reversal.transferId });
    const reversed = movement({ id: input.ids('ledger', at), fundId: line.fundId, kind: 'transfer_reversed', amountPence: reversal.amountPence, at: input.at, refs: { runId: run.id, lineId: line.id, stripeTransferId: reversal.transferId } });
    const payableId = input.ids('payable', at);
    const payableOn = input.at.slice(0, 10);
    const reversedLine: PayoutLine = { ...line, amountPence: reversal.amountPence, breakdown: scaleBreakdown(line, reversal.amountPence) };
    return [
      {
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
      },
      // The first reversal takes the line out of the paid count; later partial ones do not again.
      runHead(store, run, audit, { add: 'paidCount :minus', values: { ':minus': line.status === 'paid' ? -1 : 0 } }),
      ...movementItems(store.tableName, reversed),
      {
        Put: {
          TableName: store.tableName,
          Item: {
            ...keys.payable(line.fundId, payableId),
            gsi1pk: indexKeys.openPayables(line.fundId),
            gsi1sk: `${payableOn}#${payableId}`,
            ...organisationPayableIndex(line.organisationId, payableOn, payableId),
            entity: 'payable',
            id: payableId,
            fundId: line.fundId,
            organisationId: line.organisationId,
            agreementId: 'reversal',
            referralId: null,
            reversalOf: line.id,
            amountPence: reversal.amountPence,
            payableOn,
            // Composite: the reversed amount keeps the report keys it was paid under.
            dims: { organisation: line.organisationId, month: payableOn.slice(0, 7), priorityGroup: 'not_recorded', pcn: 'not_recorded' },
            breakdown: reversedLine.breakdown,
            status: 'open',
          },
        },
      },
      ...reportMoveItems(store, reversedLine, -1, reversed.id),
      { Put: audit.put },
      ...extra,
    ];
  });

/** A partial reversal's share of each breakdown key; a full reversal keeps the breakdown as it was. */
const scaleBreakdown = (line: PayoutLine, amount: number): PayoutLine['breakdown'] => {
  if (amount === line.amountPence) return line.breakdown;
  const scale = (b: Record<string, number>) => {
    const entries = Object.entries(b);
    const parts = splitProportionally(pence(amount), entries.map(([, value]) => value));
    return Object.fromEntries(entries.map(([key], i) => [key, parts[i]!]).filter(([, share]) => share !== 0));
  };
  return { month: scale(line.breakdown.month), priorityGroup: scale(line.breakdown.priorityGroup), pcn: scale(line.breakdown.pcn) };
};

/** A run's status from one of `from` to `to`, with its audit event; false when it was not in `from`. */
export const moveRun = (store: Store, runId: string, from: readonly string[], to: string, input: LineWrite): Promise<boolean> =>
  withRun(
    store,
    runId,
    (run) => {
      if (!from.includes(run.status)) return null;
      const audit = runEvent(store, run, input, `payout_run.${to}`, run.id, { from: run.status, to, progress: run.progress });
      const head = runHead(store, run, audit, { set: '#status = :to', values: { ':to': to, ':from': run.status } });
      return [
        { Update: { ...head.Update, ConditionExpression: `${head.Update.ConditionExpression} AND #status = :from`, ExpressionAttributeNames: { '#status': 'status' } } },
        { Put: audit.put },
      ];
    },
    { firstItemIsRun: true },
  );
