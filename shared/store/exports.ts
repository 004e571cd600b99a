// The reads behind the standard exports: a fund's runs page by page, their paid lines, payables and
// reversals, its agreements and how many referrals each has accepted, and activities by id.
import type { LinePayable } from '../domain/exports/agreement-payments.js';
import { directoryEntries, type DirectoryEntry } from '../domain/exports/oruk-query.js';
import type { LineReversal, PaidLine } from '../domain/exports/spend-rows.js';
import type { Activity } from '../domain/organisation.js';
import type { PayoutRun } from '../domain/payout-run.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { accessPatterns, keys, partitionQuery, sortPrefix } from './keys.js';
import { listActivities, organisationsByIds } from './organisations.js';
import { listLines, listRunPayables, withProgress } from './payout-run-item.js';
import { batchGet, queryAll, queryPage } from './query.js';

const RUN_PAGE = 25;
const DIRECTORY_PAGE = 200;

/** The fund's payout runs, oldest first, one page at a time, so a caller can stream as it reads. */
export async function* fundRunPages(store: Store, fundId: string): AsyncGenerator<PayoutRun[]> {
  let cursor: string | undefined;
  do {
    const page = await queryPage(store, entities.payoutRun, accessPatterns.fundRuns(fundId), RUN_PAGE, cursor);
    if (page.items.length > 0) yield page.items.map(withProgress);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** A run's lines that paid money, reversed ones included (a partial reversal still paid the rest). */
export const paidLinesOfRun = async (store: Store, runId: string): Promise<(PaidLine & { paidAt: string | null })[]> => {
  const lines = await listLines(store, runId);
  return lines
    .filter((l) => l.status === 'paid' || l.status === 'reversed')
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((l) => ({ ...l, paidAt: typeof l.paidAt === 'string' ? l.paidAt : null }));
};

/** The payable amounts locked to a run, grouped by the line that paid them. */
export const runPayablesByLine = async (store: Store, runId: string): Promise<Map<string, LinePayable[]>> => {
  const byLine = new Map<string, LinePayable[]>();
  for (const payable of await listRunPayables(store, runId)) {
    if (!payable.lineId) continue;
    byLine.set(payable.lineId, [...(byLine.get(payable.lineId) ?? []), payable]);
  }
  return byLine;
};

/** The action a line's reversal writes to its run's audit chain, with the amount newly reversed. */
const LINE_REVERSED = 'payout_line.reversed';

/**
 * Every reversal of the run's lines, oldest first, numbered per line. The run's audit chain is the
 * record of each one (the line keeps only the running total), and it is read whole by its key: its
 * length grows with the run's lines, not with referrals.
 */
export const runReversals = async (store: Store, runId: string): Promise<LineReversal[]> => {
  const events = await queryAll(store, entities.auditEvent, partitionQuery(keys.auditChain(runId), sortPrefix.auditEvent));
  const seen = new Map<string, number>();
  return events
    .filter((e) => e.action === LINE_REVERSED)
    .map((e) => {
      const n = (seen.get(e.entityId) ?? 0) + 1;
      seen.set(e.entityId, n);
      return { runId, lineId: e.entityId, amountPence: Number(e.data.amountPence), at: e.at, n };
    });
};

/** Everything a fund paid and had reversed: every run's paid lines, payables by line, and reversals. */
export const fundPaymentHistory = async (store: Store, fundId: string) => {
  const lines: PaidLine[] = [];
  const payablesByLine = new Map<string, LinePayable[]>();
  const reversals: LineReversal[] = [];
  for await (const runs of fundRunPages(store, fundId)) {
    for (const run of runs) {
      lines.push(...(await paidLinesOfRun(store, run.id)));
      // Every run's payables, not only those with paid lines: a reversal points back to its line.
      for (const [lineId, payables] of await runPayablesByLine(store, run.id)) payablesByLine.set(lineId, payables);
      reversals.push(...(await runReversals(store, run.id)));
    }
  }
  return { lines, payablesByLine, reversals };
};

export const fundAgreementsAll = (store: Store, fundId: string) =>
  queryAll(store, entities.agreement, accessPatterns.fundAgreements(fundId));

/**
 * Accepted referrals per agreement, summed over its period counters. One item per agreement-period,
 * so this grows with agreements and periods, not with referrals.
 */
export const acceptedReferralsByAgreement = async (store: Store, fundId: string): Promise<Map<string, number>> => {
  const counters = await queryAll(store, entities.periodCounter, accessPatterns.fundCapacity(fundId));
  const totals = new Map<string, number>();
  for (const c of counters) totals.set(c.agreementId, (totals.get(c.agreementId) ?? 0) + c.used);
  return totals;
};

export const activitiesByIds = async (store: Store, ids: readonly string[]): Promise<Map<string, Activity>> => {
  const found = await batchGet(store, entities.activity, [...new Set(ids)].map((id) => keys.activity(id)));
  return new Map([...found.values()].map((activity) => [activity.id, activity]));
};

/** The whole directory joined to its providers: what the Open Referral UK API filters and pages. */
export const readDirectory = async (store: Store): Promise<DirectoryEntry[]> => {
  const activities = await allDirectoryActivities(store);
  return directoryEntries(activities, await organisationsByIds(store, activities.map((a) => a.organisationId)));
};

/** Every activity in the directory, read a page at a time. */
export const allDirectoryActivities = async (store: Store): Promise<Activity[]> => {
  const activities: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await listActivities(store, {}, DIRECTORY_PAGE, cursor);
    activities.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return activities;
};
