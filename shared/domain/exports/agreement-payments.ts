// Which agreement each penny of a payment was for: a payout line pays one organisation for many
// payable amounts, each owed under one agreement, so a line splits across agreements by its payables.
//
//   line (one Stripe transfer) ── payables locked to it ── agreementId
//                                        └─ agreementId 'reversal' → reversalOf: an earlier line → …
//
// An amount paid again after a reversal carries no agreement of its own, only the line it was
// reversed from; it is attributed as that line was, in proportion.
import { netPaidPence, type PaidLine } from './spend-rows.js';

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
  readonly amountPence: number;
}

/** Amounts not traceable to an agreement (their payables are gone); listed, never silently dropped. */
export const UNATTRIBUTED = 'unattributed';
const REVERSAL = 'reversal';
const MAX_DEPTH = 20;

/**
 * `parts` scaled to add up to `total` exactly: each part floored, then the pence left over go to
 * the largest remainders (ties to the larger part, then by key), so the split is deterministic.
 */
export const scaleParts = (parts: ReadonlyMap<string, number>, total: number): Map<string, number> => {
  const whole = [...parts.values()].reduce((sum, v) => sum + v, 0);
  if (whole === 0 || total === 0) return new Map();
  if (whole === total) return new Map(parts);
  const rows = [...parts.entries()].map(([key, value]) => {
    const scaled = BigInt(value) * BigInt(total);
    return { key, value, floor: Number(scaled / BigInt(whole)), remainder: scaled % BigInt(whole) };
  });
  let left = total - rows.reduce((sum, r) => sum + r.floor, 0);
  const order = [...rows].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : b.value - a.value || a.key.localeCompare(b.key)));
  for (const row of order) {
    if (left === 0) break;
    row.floor += 1;
    left -= 1;
  }
  return new Map(rows.filter((r) => r.floor > 0).map((r) => [r.key, r.floor]));
};

/** How a line's full amount splits by agreement, following reversals back to the line they came from. */
export const lineShares = (lineId: string, payablesByLine: ReadonlyMap<string, readonly LinePayable[]>, depth = 0): Map<string, number> => {
  const shares = new Map<string, number>();
  const add = (key: string, amount: number) => shares.set(key, (shares.get(key) ?? 0) + amount);
  for (const payable of payablesByLine.get(lineId) ?? []) {
    if (payable.agreementId !== REVERSAL) {
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

/** Every payment made under each agreement: each paid line's net amount, split by its payables. */
export const paymentsByAgreement = (
  lines: readonly PaidLine[],
  payablesByLine: ReadonlyMap<string, readonly LinePayable[]>,
): Map<string, AgreementPayment[]> => {
  const out = new Map<string, AgreementPayment[]>();
  for (const line of lines) {
    const net = netPaidPence(line);
    if (net === 0 || !line.paidAt) continue;
    let shares = scaleParts(lineShares(line.id, payablesByLine), net);
    if (shares.size === 0) shares = new Map([[UNATTRIBUTED, net]]);
    for (const [agreementId, amountPence] of shares) {
      const payment = { agreementId, transactionId: line.stripeTransferId ?? line.id, lineId: line.id, paidAt: line.paidAt, amountPence };
      out.set(agreementId, [...(out.get(agreementId) ?? []), payment]);
    }
  }
  return out;
};
