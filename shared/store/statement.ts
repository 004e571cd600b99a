// The reads behind an organisation's statement: its own payable amounts (one index query), and the
// payout lines, runs, funds, referrals and report rows (each row's shards) they point at (batched reads by key).
import type { Organisation } from '../domain/organisation.js';
import { londonDate } from '../domain/periods.js';
import { addTotals, emptyTotals, fundStatement, type StatementLine, type StatementPayable, type StatementReferral } from '../domain/statement.js';
import { aggregateShardKeys, sumRow } from './aggregates.js';
import type { Store } from './client.js';
import { entities } from './entities.js';
import { organisationAgreements } from './funds.js';
import { accessPatterns, keyId, keys } from './keys.js';
import { withProgress } from './payout-run-item.js';
import { batchGet, queryAll } from './query.js';

export interface StatementRequest {
  readonly organisation: Organisation;
  readonly now: Date;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Only these funds (a fund manager sees its own funds' part); every fund when absent. */
  readonly fundIds?: ReadonlySet<string> | undefined;
}

export const readStatement = async (store: Store, request: StatementRequest) => {
  const { organisation } = request;
  // The organisation's own amounts: the cost grows with its own history, never with other organisations'.
  const [payables, agreements] = await Promise.all([
    queryAll(store, entities.payable, accessPatterns.organisationPayables(organisation.id)),
    organisationAgreements(store, organisation.id),
  ]);
  const wanted = (fundId: string) => !request.fundIds || request.fundIds.has(fundId);
  const mine: StatementPayable[] = payables.filter((p) => wanted(p.fundId));
  const fundIds = [...new Set([...mine.map((p) => p.fundId), ...agreements.map((a) => a.fundId).filter(wanted)])].sort();

  const runIds = [...new Set(mine.map((p) => p.runId).filter((id): id is string => Boolean(id)))];
  const lineKeys = [...new Map(mine.filter((p) => p.runId && p.lineId).map((p) => [p.lineId!, keys.payoutLine(p.runId!, p.lineId!)])).values()];
  const referralIds = [...new Set(mine.map((p) => p.referralId).filter((id): id is string => Boolean(id)))];
  const [runItems, lineItems, fundItems, aggregateItems, referralItems] = await Promise.all([
    batchGet(store, entities.payoutRun, runIds.map((id) => keys.payoutRun(id))),
    batchGet(store, entities.payoutLine, lineKeys),
    batchGet(store, entities.fund, fundIds.map((id) => keys.fund(id))),
    batchGet(store, entities.aggregate, fundIds.flatMap((id) => aggregateShardKeys(id, 'organisation', organisation.id))),
    // Treasurers know referrals by the client reference, not the platform's id.
    batchGet(store, entities.referral, referralIds.map((id) => keys.referral(id))),
  ]);
  const runs = new Map([...runItems.values()].map((r) => [r.id, withProgress(r)]));
  const lines = new Map<string, StatementLine>([...lineItems.values()].map((l) => [l.id, l as StatementLine]));
  const referrals = new Map<string, StatementReferral>([...referralItems.values()].map((r) => [r.id, { clientRef: r.clientRef, acceptedAt: r.acceptedAt ?? null }]));

  const today = londonDate(request.now);
  const funds = fundIds.map((fundId) => {
    const statement = fundStatement({
      fundId,
      organisation,
      payables: mine.filter((p) => p.fundId === fundId),
      lines,
      referrals,
      runs,
      today,
      from: request.from,
      to: request.to,
      londonDate: (iso) => londonDate(new Date(iso)),
    });
    return {
      fundName: fundItems.get(keyId(keys.fund(fundId)))?.name ?? '',
      acceptedReferrals: sumRow(aggregateItems, fundId, 'organisation', organisation.id).acceptedReferrals,
      ...statement,
    };
  });
  return { totals: funds.reduce((sum, f) => addTotals(sum, f.totals), emptyTotals()), funds };
};
