// Which agreement each penny of a payment was for: a payout line pays one organisation for many
// payable amounts, each owed under one agreement, so a line splits across agreements by its payables.
//
//   line (one Stripe transfer) ── payables locked to it ── agreementId
//                                        └─ agreementId 'reversal' → reversalOf: an earlier line → …
//
// An amount paid again after a reversal carries no agreement of its own, only the line it was
// reversed from; it is attributed as that line was, in proportion. A reversal is its own negative
// payment, split across agreements in the same proportions as the line it takes money back from.
import { pence, splitProportionally } from '../money.js';
import { REVERSAL_AGREEMENT } from '../payout-run.js';
import { reversalTransactionId, type LineReversal, type PaidLine } from './spend-rows.js';

export interface LinePayable {
  readonly lineId?: string | null;
  readonly agreementId: string;
  readonly amountPence: number;
  readonly reversalOf?: string | null;
}

export interface AgreementPayment {
  readonly agreementId: string;
  readonly transactionId: string;
  readonly lineId: string;
  readonly paidAt: string;
  /** Negative for a reversal. */
  readonly amountPence: number;
  /** For a reversal: the transaction it takes money back from. */
  readonly reversalOf?: string;
}

/** Amounts not traceable to an agreement (their payables are gone); listed, never silently dropped. */
export const UNATTRIBUTED = 'unattributed';
const MAX_DEPTH = 20;

/**
 * `parts` scaled to add up to `total` exactly, by the largest remainder method (ties to the larger
 * part, then by key, so the split is deterministic); parts scaled to nothing are left out.
 */
export const scaleParts = (parts: ReadonlyMap<string, number>, total: number): Map<string, number> => {
  const whole = [...parts.values()].reduce((sum, v) => sum + v, 0);
  if (whole === 0 || total === 0) return new Map();
  if (whole === total) return new Map(parts);
  const byClaim = [...parts.entries()].sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
  const split = splitProportionally(pence(total), byClaim.map(([, value]) => value));
  const scaled = new Map(byClaim.map(([key], i) => [key, split[i]!]));
  return new Map([...parts.keys()].flatMap((key) => (scaled.get(key)! > 0 ? [[key, scaled.get(key)!] as const] : [])));
};

/** How a line's full amount splits by agreement, following reversals back to the line they came from. */
export const lineShares = (lineId: string, payablesByLine: ReadonlyMap<string, readonly LinePayable[]>, depth = 0): Map<string, number> => {
  const shares = new Map<string, number>();
  const add = (key: string, amount: number) => shares.set(key, (shares.get(key) ?? 0) + amount);
  for (const payable of payablesByLine.get(lineId) ?? []) {
    if (payable.agreementId !== REVERSAL_AGREEMENT) {
      add(payable.agreementId, payable.amountPence);
      continue;
    }
    const origin = payable.reversalOf && depth < MAX_DEPTH ? lineShares(payable.reversalOf, payablesByLine, depth + 1) : new Map<string, number>();
    const scaled = scaleParts(origin, payable.amountPence);
    if (scaled.size === 0) add(UNATTRIBUTED, payable.amountPence);
    for (const [key, amount] of scaled) add(key, amount);
  }
  return shares;
};

/** A line's shares scaled to `amount`: everything unattributable goes under UNATTRIBUTED, never dropped. */
const sharesOf = (lineId: string, payablesByLine: ReadonlyMap<string, readonly LinePayable[]>, amount: number): Map<string, number> => {
  const shares = scaleParts(lineShares(lineId, payablesByLine), amount);
  return shares.size === 0 ? new Map([[UNATTRIBUTED, amount]]) : shares;
};

/**
 * Every payment made under each agreement: each paid line's full amount, split by its payables, and
 * each reversal of it as a negative payment split the same way. Summed, they are what the fund paid.
 */
export const paymentsByAgreement = (
  lines: readonly PaidLine[],
  payablesByLine: ReadonlyMap<string, readonly LinePayable[]>,
  reversals: readonly LineReversal[] = [],
): Map<string, AgreementPayment[]> => {
  const out = new Map<string, AgreementPayment[]>();
  const add = (payment: AgreementPayment) => out.set(payment.agreementId, [...(out.get(payment.agreementId) ?? []), payment]);
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const line of lines) {
    if (!line.paidAt || line.amountPence === 0) continue;
    const transactionId = line.stripeTransferId ?? line.id;
    for (const [agreementId, amountPence] of sharesOf(line.id, payablesByLine, line.amountPence)) {
      add({ agreementId, transactionId, lineId: line.id, paidAt: line.paidAt, amountPence });
    }
  }
  for (const reversal of reversals) {
    const line = byId.get(reversal.lineId);
    if (!line?.paidAt) continue;
    const original = line.stripeTransferId ?? line.id;
    for (const [agreementId, amountPence] of sharesOf(line.id, payablesByLine, reversal.amountPence)) {
      add({ agreementId, transactionId: reversalTransactionId(original, reversal.n), lineId: line.id, paidAt: reversal.at, amountPence: -amountPence, reversalOf: original });
    }
  }
  return out;
};
