// Spend by the month money was paid (Europe/London), as opposed to the month it was earned for:
// each payout line counts in the month Stripe paid it, each reversal in the month it was taken back.
import { londonDate } from '../periods.js';
import type { LineReversal, PaidLine } from './spend-rows.js';

export interface MonthPaidRow {
  /** YYYY-MM in Europe/London. */
  readonly key: string;
  /** Paid out that month, at the lines' full amounts. */
  readonly paidPence: number;
  /** Taken back that month by reversals. */
  readonly reversedPence: number;
  /** paidPence − reversedPence: what the month changed the fund's paid total by (negative when reversals outweigh payments). */
  readonly netPaidPence: number;
  readonly payments: number;
  readonly reversals: number;
}

const monthOf = (at: string) => londonDate(new Date(at)).slice(0, 7);

/** One row per month with a payment or a reversal, oldest first; the net column sums to the fund's paidPence. */
export const spendByMonthPaid = (lines: readonly PaidLine[], reversals: readonly LineReversal[]): MonthPaidRow[] => {
  const rows = new Map<string, { paidPence: number; reversedPence: number; payments: number; reversals: number }>();
  const row = (key: string) => rows.get(key) ?? rows.set(key, { paidPence: 0, reversedPence: 0, payments: 0, reversals: 0 }).get(key)!;
  for (const line of lines) {
    if (!line.paidAt || line.amountPence === 0) continue;
    const r = row(monthOf(line.paidAt));
    r.paidPence += line.amountPence;
    r.payments += 1;
  }
  for (const reversal of reversals) {
    const r = row(monthOf(reversal.at));
    r.reversedPence += reversal.amountPence;
    r.reversals += 1;
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, r]) => ({ key, ...r, netPaidPence: r.paidPence - r.reversedPence }));
};
