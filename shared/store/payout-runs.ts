// Payout runs in the table: approval by a second fund manager, and the run's reads and drafting re-exported.
import { AppError } from '../domain/errors.js';
import { auditedUpdate, auditWrite } from './audit-writes.js';
import type { Store } from './client.js';
import { keys } from './keys.js';
import { getRun, openDraftPointer, type StoredRun } from './payout-run-item.js';
import { TransactionConditionFailed, transactWrite } from './transact.js';

export { getRun, lineIdFor, listLines, listRunPayables, type StoredRun } from './payout-run-item.js';
export { draftRun, planDraft, type DraftInput } from './run-drafting.js';

/** draft → approved by a second fund manager; the fund may then draft its next run. */
export const approveRun = async (store: Store, run: StoredRun, input: { actor: string; at: string; eventId: string }): Promise<StoredRun> => {
  if (run.createdBy === input.actor) {
    throw new AppError('four_eyes_required', 'A payout run must be approved by a fund manager other than the one who drafted it.');
  }
  if (run.status !== 'draft' || run.lockState !== 'complete') {
    throw new AppError('invalid_transition', `Run ${run.id} is ${run.status}; only a complete draft can be approved.`);
  }
  const audit = auditWrite(store.tableName, run, run.id, {
    eventId: input.eventId,
    at: input.at,
    actor: input.actor,
    action: 'payout_run.approved',
    entityId: run.id,
    fundId: run.fundId,
    data: { from: 'draft', to: 'approved', totalPence: run.totalPence },
  });
  try {
    await transactWrite(store, [
      auditedUpdate(store.tableName, keys.payoutRun(run.id), audit, {
        set: { status: 'approved', approvedBy: input.actor, approvedAt: input.at },
        // Four eyes, held by the write itself: the approver is not the one who drafted it.
        condition: { expression: '#status = :draft AND createdBy <> :by', names: { '#status': 'status' }, values: { ':draft': 'draft', ':by': input.actor } },
      }),
      openDraftPointer(store.tableName, run.fundId, run.id, 'clear'),
      { Put: audit.put },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) {
      throw new AppError('invalid_transition', `Run ${run.id} changed while being approved; read it again.`, { cause: error });
    }
    throw error;
  }
  return (await getRun(store, run.id))!;
};
