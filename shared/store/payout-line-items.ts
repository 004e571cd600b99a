// The pure parts of a payout line's writes: the run's audit event, the run head update, and what a reversal makes payable again.
import type { IdFactory } from '../domain/ids.js';
import { pence, splitProportionally } from '../domain/money.js';
import { REVERSAL_AGREEMENT, type PayoutLine } from '../domain/payout-run.js';
import { londonDate, monthOf } from '../domain/periods.js';
import { NOT_RECORDED } from './aggregates.js';
import { auditedUpdate, auditWrite, type AuditWrite, type HeadChange } from './audit-writes.js';
import { keys } from './keys.js';
import type { NewPayable } from './payable-writes.js';
import type { StoredRun } from './payout-run-item.js';
import type { TransactItem } from './transact.js';

export interface LineWrite {
  readonly at: string;
  readonly actor: string;
  readonly ids: IdFactory;
}

/** The next event on the run's audit chain, about the run itself or one of its lines. */
export const runEvent = (tableName: string, run: StoredRun, input: LineWrite, action: string, entityId: string, data: Record<string, unknown>) =>
  auditWrite(tableName, run, run.id, {
    eventId: input.ids('event', new Date(input.at)),
    at: input.at,
    actor: input.actor,
    action,
    entityId,
    fundId: run.fundId,
    data,
  });

/** The run's head moves with every line write: its audit chain and its progress counters. */
export const runHead = (tableName: string, run: StoredRun, audit: AuditWrite, change: HeadChange = {}): TransactItem =>
  auditedUpdate(tableName, keys.payoutRun(run.id), audit, change);

/**
 * What a reversal makes payable again: the reversed amount, dated by the London day the reversal
 * happened (as acceptance is), keeping the report keys it was paid under.
 */
export const reversedPayable = (line: PayoutLine, amountPence: number, at: string, id: string): NewPayable => {
  const payableOn = londonDate(new Date(at));
  return {
    id,
    fundId: line.fundId,
    organisationId: line.organisationId,
    agreementId: REVERSAL_AGREEMENT,
    referralId: null,
    reversalOf: line.id,
    amountPence,
    payableOn,
    dims: { organisation: line.organisationId, month: monthOf(payableOn), priorityGroup: NOT_RECORDED, pcn: NOT_RECORDED },
    // Composite: the reversed amount keeps the report keys it was paid under.
    breakdown: scaleBreakdown(line, amountPence),
  };
};

/** A partial reversal's share of each breakdown key; a full reversal keeps the breakdown as it was. */
export const scaleBreakdown = (line: PayoutLine, amount: number): PayoutLine['breakdown'] => {
  if (amount === line.amountPence) return line.breakdown;
  const scale = (b: Record<string, number>) => {
    const entries = Object.entries(b);
    const parts = splitProportionally(pence(amount), entries.map(([, value]) => value));
    return Object.fromEntries(entries.map(([key], i) => [key, parts[i]!]).filter(([, share]) => share !== 0));
  };
  return { month: scale(line.breakdown.month), priorityGroup: scale(line.breakdown.priorityGroup), pcn: scale(line.breakdown.pcn) };
};
