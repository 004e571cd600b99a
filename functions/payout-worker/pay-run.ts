// Pays an approved run: one Stripe transfer per line, each exactly once, whatever crashes or repeats.
//
// For each pending line:  guard (transfers capability active?) ─no─▶ failed: payouts_not_enabled
//                              │yes
//                              ▼
//   createTransfer(idempotencyKey = the line's current key) ──definitive 4xx──▶ failed (new key on retry)
//                              │ ok (new, or Stripe's replay of the first)  └─unknown (5xx/timeout)──▶ failed (same key on retry)
//                              ▼
//   mark paid, conditioned on the line still pending (so a second worker's success is a no-op)
//
// Before asking, the line records that it is asking. A crash between Stripe's answer and "mark
// paid" leaves the line pending and marked as asked; the next pass looks the transfer up (by run
// and line) before asking again, and asks again only under the same key, so there is never a
// second transfer, even after Stripe has forgotten the key (24 hours).
import { SYSTEM_ACTORS } from '../../shared/domain/actor-names.js';
import { AppError } from '../../shared/domain/errors.js';
import type { IdFactory } from '../../shared/domain/ids.js';
import { assertCanReceiveTransfers, settledStatus, type PayoutLine } from '../../shared/domain/payout-run.js';
import { getOrganisation } from '../../shared/store/organisations.js';
import { getLine, markLineAttempt, moveRun, recordLineFailed, recordLinePaid } from '../../shared/store/payout-lines.js';
import { getRun, listLines, type StoredRun } from '../../shared/store/payout-runs.js';
import { applyPendingReportMoves } from '../../shared/store/report-moves.js';
import { StripeGatewayError } from '../../shared/stripe/gateway.js';
import type { InProcessWorkerBase } from '../runtime/build-deps.js';
import type { Pacer } from '../runtime/payouts.js';
import { METRIC, type AppMetrics } from '../runtime/metrics.js';
import { inShard, WHOLE, type Shard } from './shards.js';

export const WORKER_ACTOR = SYSTEM_ACTORS.payoutWorker;

/** What the wiring gives every worker (runtime/build-deps.ts), with the pacer and the seams tests use. */
export interface PayoutWorkerDeps extends Omit<InProcessWorkerBase, 'transfersPerSecond' | 'metrics'> {
  readonly pacer: Pacer;
  readonly metrics?: AppMetrics;
  /** Lines paid at once; the pacer keeps them within Stripe's rate either way. */
  readonly concurrency?: number;
  /** Test seam: called after Stripe answered and before the line is marked paid. */
  readonly afterTransfer?: (line: PayoutLine, transferId: string) => Promise<void> | void;
  /** Test seam: called before Stripe is asked. */
  readonly beforeTransfer?: (line: PayoutLine) => Promise<void> | void;
  readonly onLineFailed?: (line: PayoutLine, code: string) => void;
  readonly onLinePaid?: (line: PayoutLine) => void;
  /** Wall-clock milliseconds for slice limits (the Lambda's remaining time is real time even when `clock` is not). */
  readonly now?: () => number;
}

/**
 * Where a slice stops taking lines: a line already started always finishes (its transfer and its
 * write), so the slice ends by `stopAt` plus one line's worst case, which the caller keeps in hand.
 */
export interface SliceLimit {
  /** Epoch milliseconds after which no further line is started. */
  readonly stopAt: number;
  /** At most this many lines are started in the slice. */
  readonly maxLines: number;
}

export interface SliceResult {
  readonly run: StoredRun;
  /** Lines of the shard this slice took out of pending (paid or failed); 0 means it could not move its shard on. */
  readonly settled: number;
  /** Lines of the shard still pending afterwards: more than 0 means another slice of it is due. */
  readonly pending: number;
}

/** No limit: the whole run in one go. */
export const WHOLE_RUN: SliceLimit = { stopAt: Number.POSITIVE_INFINITY, maxLines: Number.POSITIVE_INFINITY };

/** Pays a whole run in one go (npm start's in-process worker, tests). */
export const payRun = async (deps: PayoutWorkerDeps, runId: string): Promise<StoredRun> => (await paySlice(deps, runId, WHOLE_RUN)).run;

/**
 * Pays the pending lines of one shard of the run until the slice's limit, then settles the run if
 * no line of any shard is left.
 * Any number of slices of one run may overlap (a redelivered message, a continuation sent twice):
 * each line is re-read before it is paid and every write is conditioned on its state, so a line is
 * paid once whichever slice reaches it.
 */
export const paySlice = async (deps: PayoutWorkerDeps, runId: string, limit: SliceLimit, shard: Shard = WHOLE): Promise<SliceResult> => {
  const write = () => ({ at: deps.clock().toISOString(), actor: WORKER_ACTOR, ids: deps.ids });
  const now = deps.now ?? Date.now;
  const run = await getRun(deps.store, runId);
  if (!run) throw new AppError('not_found', `No payout run ${runId}.`);
  if (run.status === 'draft') throw new AppError('invalid_transition', `Run ${runId} is not approved.`);
  await moveRun(deps.store, runId, ['approved'], 'paying', write());

  const pending = (await listLines(deps.store, runId)).filter((l) => l.status === 'pending' && inShard(l.id, shard));
  const queue = pending.slice(0, Math.min(pending.length, limit.maxLines));
  const payers = Array.from({ length: Math.max(1, deps.concurrency ?? 4) }, async () => {
    for (let line = queue.shift(); line && now() < limit.stopAt; line = queue.shift()) await payLine(deps, line, write);
  });
  await Promise.all(payers);

  // Report moves too many for a line's own transaction, left by this pass or an interrupted one.
  await applyPendingReportMoves(deps.store, runId);
  const lines = await listLines(deps.store, runId);
  const left = lines.filter((l) => l.status === 'pending' && inShard(l.id, shard)).length;
  // Whichever shard finishes last settles the run.
  if (!lines.some((l) => l.status === 'pending')) await moveRun(deps.store, runId, ['paying'], settledStatus(lines), write());
  return { run: (await getRun(deps.store, runId))!, settled: Math.max(0, pending.length - left), pending: left };
};

const payLine = async (deps: PayoutWorkerDeps, line: PayoutLine, write: () => { at: string; actor: string; ids: IdFactory }) => {
  // Read again: another worker may have settled it since the list was read.
  const current = await getLine(deps.store, line.runId, line.id);
  if (!current || current.status !== 'pending') return;
  const organisation = await getOrganisation(deps.store, current.organisationId);
  let destination: string;
  try {
    destination = assertCanReceiveTransfers(organisation, current.organisationId);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await recordLineFailed(deps.store, current, { code: error.code, definitive: true }, write());
    deps.metrics?.count(METRIC.payoutLinesFailed);
    deps.onLineFailed?.(current, error.code);
    return;
  }
  await deps.beforeTransfer?.(current);
  let transferId: string;
  try {
    // Asked before, with no answer recorded (a crash, a timeout, a retry): the transfer may exist.
    // Stripe keeps idempotency keys for 24 hours only, so look it up rather than trust the key.
    const earlier = current.attemptedAt
      ? (await deps.pacer.next(), await deps.stripe.findTransfer({ transferGroup: current.runId, lineId: current.id }))
      : undefined;
    if (earlier) {
      transferId = earlier.id;
    } else {
      if (!(await markLineAttempt(deps.store, current, deps.clock().toISOString()))) return;
      await deps.pacer.next();
      const transfer = await deps.stripe.createTransfer({
        amountPence: current.amountPence,
        destination,
        transferGroup: current.runId,
        metadata: { fundId: current.fundId, runId: current.runId, lineId: current.id, organisationId: current.organisationId },
        idempotencyKey: current.idempotencyKey,
        description: `Pay on Prescription: payout run ${current.runId}`,
      });
      transferId = transfer.id;
    }
  } catch (error) {
    if (!(error instanceof StripeGatewayError)) throw error;
    // Refused before anything was sent (too little of the invocation left): still pending, with its
    // attempt marked, so the next slice looks the transfer up and then pays it. Not a failure to retry by hand.
    if (error.reason === 'deadline') {
      deps.logger.info('transfer left for the next slice: too little time to send it', { lineId: current.id });
      return;
    }
    deps.logger.warn('transfer failed', { lineId: current.id, code: error.reason, definitive: error.definitive });
    await recordLineFailed(deps.store, current, { code: error.reason, definitive: error.definitive }, write());
    deps.metrics?.count(METRIC.payoutLinesFailed);
    deps.onLineFailed?.(current, error.reason);
    return;
  }
  await deps.afterTransfer?.(current, transferId);
  if (await recordLinePaid(deps.store, current, transferId, write())) {
    deps.metrics?.count(METRIC.payoutLinesPaid);
    deps.onLinePaid?.(current);
  }
};
