// Spend by month paid: read from the fund's payout runs, their paid lines and their reversals, so its
// cost grows with runs and lines (one per organisation per run), never with referrals.
import { spendByMonthPaid, type MonthPaidRow } from '../domain/exports/month-paid.js';
import type { LineReversal, PaidLine } from '../domain/exports/spend-rows.js';
import type { Store } from './client.js';
import { fundRunPages, paidLinesOfRun, runReversals } from './exports.js';

export const monthPaidReport = async (store: Store, fundId: string): Promise<MonthPaidRow[]> => {
  const lines: PaidLine[] = [];
  const reversals: LineReversal[] = [];
  for await (const runs of fundRunPages(store, fundId)) {
    for (const run of runs) {
      const [paid, reversed] = await Promise.all([paidLinesOfRun(store, run.id), runReversals(store, run.id)]);
      lines.push(...paid);
      reversals.push(...reversed);
    }
  }
  return spendByMonthPaid(lines, reversals);
};
