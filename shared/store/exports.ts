// The reads behind the standard exports: a fund's runs page by page, their paid lines and payables,
// its agreements and how many referrals each has accepted, and organisations and activities by id.
import type { LinePayable } from '../domain/exports/agreement-payments.js';
import type { PaidLine } from '../domain/exports/spend-rows.js';
import type { Activity, Organisation } from '../domain/organisation.js';
import type { PayoutRun } from '../domain/payout-run.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { accessPatterns, keys } from './keys.js';
import { listActivities } from './organisations.js';
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

export const organisationsByIds = async (store: Store, ids: readonly string[]): Promise<Map<string, Organisation>> => {
  const found = await batchGet(store, entities.organisation, [...new Set(ids)].map((id) => keys.organisation(id)));
  return new Map([...found.values()].map((org) => [org.id, org]));
};

export const activitiesByIds = async (store: Store, ids: readonly string[]): Promise<Map<string, Activity>> => {
  const found = await batchGet(store, entities.activity, [...new Set(ids)].map((id) => keys.activity(id)));
  return new Map([...found.values()].map((activity) => [activity.id, activity]));
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
