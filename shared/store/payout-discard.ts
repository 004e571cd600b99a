// Throwing a draft payout run away, and refusing a draft that would pay nothing.
//
//   discard: run draft → discarded, fund's open draft cleared, audit event   (one transaction: the run is dead)
//            then each amount locked to it → open again, its lines deleted    (chunks; a repeat finishes the job)
//
// The first write alone decides: once the run is discarded it can be neither approved nor drafted
// further (both are conditioned on the run being a draft), so releasing its amounts afterwards can
// race with nothing. A crash between the two leaves amounts locked to a discarded run; discarding
// it again releases them.
import { AppError } from '../domain/errors.js';
import { formatDate, formatMoney } from '../domain/format.js';
import type { Grouped } from '../domain/payout-run.js';
import type { Store } from './client.js';
import { itemIndexes, keys, releasedPayable } from './keys.js';
import { runEvent, runHead, type LineWrite } from './payout-line-items.js';
import { openDraftPointer } from './payout-run-item.js';
import { getRun, listLines, listRunPayables, type StoredRun } from './payout-runs.js';
import { named, TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';

const CHUNK = 50;

/**
 * Refuses (409 nothing_payable) before anything is written when no amount payable by `through`
 * could go into a line: none is open, or every organisation owed is held (no Stripe payouts yet).
 */
export const assertSomethingPayable = ({ lines, held }: Grouped, through: string): void => {
  if (lines.length > 0) return;
  const heldPence = held.reduce((sum, h) => sum + h.amountPence, 0);
  throw new AppError(
    'nothing_payable',
    held.length === 0
      ? `Nothing is payable up to ${formatDate(through)}, so no run was drafted.`
      : `Nothing can be paid up to ${formatDate(through)}: ${formatMoney(heldPence)} is held for ${held.length} organisation${held.length === 1 ? '' : 's'} not yet able to receive payouts, so no run was drafted.`,
  );
};

export const discardRun = async (store: Store, run: StoredRun, input: LineWrite): Promise<StoredRun> => {
  if (run.status !== 'discarded') {
    if (run.status !== 'draft') throw new AppError('invalid_transition', `Run ${run.id} is ${run.status}; only a draft can be discarded.`);
    const audit = runEvent(store.tableName, run, input, 'payout_run.discarded', run.id, { from: 'draft', to: 'discarded', totalPence: run.totalPence });
    try {
      await transactWrite(store, [
        named(
          'run',
          runHead(store.tableName, run, audit, {
            // lockState leaves `locking` too, so a drafting request still at work stops (its writes are fenced on it).
            set: { status: 'discarded', lockState: 'complete', discardedBy: input.actor, discardedAt: input.at },
            condition: { expression: '#status = :draft', names: { '#status': 'status' }, values: { ':draft': 'draft' } },
          }),
        ),
        named('fund', openDraftPointer(store.tableName, run.fundId, run.id, 'clear')),
        { Put: audit.put },
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed) {
        throw new AppError('invalid_transition', `Run ${run.id} changed while being discarded; read it again.`, { cause: error });
      }
      throw error;
    }
  }
  await releaseAmounts(store, run);
  return (await getRun(store, run.id))!;
};

/** Every amount locked to the discarded run becomes open (payable) again, and the run's lines go. */
const releaseAmounts = async (store: Store, run: StoredRun): Promise<void> => {
  const locked = await listRunPayables(store, run.id);
  for (let i = 0; i < locked.length; i += CHUNK) {
    const items: TransactItem[] = locked.slice(i, i + CHUNK).map((p) => {
      const openIndex = assignments(itemIndexes.openPayable(p));
      return {
        Update: {
          TableName: store.tableName,
          Key: keys.payable(run.fundId, p.id),
          UpdateExpression: `SET #status = :open, ${openIndex.names} REMOVE runId, lineId, ${releasedPayable.leavesRun}`,
          // Only amounts still locked to this run: a repeat after a crash skips none and doubles none.
          ConditionExpression: '#status = :inRun AND runId = :run',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':inRun': 'in_run', ':run': run.id, ...openIndex.values },
        },
      };
    });
    await transactWrite(store, items);
  }
  const lines = await listLines(store, run.id);
  for (let i = 0; i < lines.length; i += CHUNK) {
    await transactWrite(
      store,
      lines.slice(i, i + CHUNK).map((line) => ({ Delete: { TableName: store.tableName, Key: keys.payoutLine(run.id, line.id) } })),
    );
  }
};

/** `a = :a, b = :b` and its values, for setting an item's index attributes in an update. */
const assignments = (attributes: Record<string, string>) => ({
  names: Object.keys(attributes).map((name) => `${name} = :${name}`).join(', '),
  values: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`:${name}`, value])),
});
