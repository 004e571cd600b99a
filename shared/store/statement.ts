// The reads behind an organisation's statement: its own payable amounts (one index query), and the
// payout lines, runs, funds and report rows they point at (batched reads by key).
import type { Agreement } from '../domain/agreement.js';
import type { Organisation } from '../domain/organisation.js';
import type { RunStatus } from '../domain/payout-run.js';
import { londonDate } from '../domain/periods.js';
import { addTotals, emptyTotals, fundStatement, type StatementLine, type StatementPayable } from '../domain/statement.js';
import type { Store } from './client.js';
import { organisationAgreements } from './funds.js';
import { keys, organisationPayablesKey } from './keys.js';
import { batchGet, queryAll } from './query.js';

export interface StatementRequest {
  readonly organisation: Organisation;
  readonly now: Date;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Only these funds (a fund manager sees its own funds' part); every fund when absent. */
  readonly fundIds?: ReadonlySet<string> | undefined;
}

const keyOf = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;

/** Every payable amount of the organisation, across funds. Its cost grows with that organisation's own history only. */
const organisationPayables = (store: Store, organisationId: string) =>
  queryAll<StatementPayable & Record<string, unknown>>(store, {
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk',
    ExpressionAttributeValues: { ':pk': organisationPayablesKey(organisationId) },
  });

export const readStatement = async (store: Store, request: StatementRequest) => {
  const { organisation } = request;
  const [payables, agreements] = await Promise.all([organisationPayables(store, organisation.id), organisationAgreements(store, organisation.id)]);
  const wanted = (fundId: string) => !request.fundIds || request.fundIds.has(fundId);
  const mine = payables.filter((p) => wanted(p.fundId));
  const fundIds = [...new Set([...mine.map((p) => p.fundId), ...agreements.map((a: Agreement) => a.fundId).filter(wanted)])].sort();

  const runIds = [...new Set(mine.map((p) => p.runId).filter((id): id is string => Boolean(id)))];
  const lineKeys = [...new Map(mine.filter((p) => p.runId && p.lineId).map((p) => [p.lineId!, keys.payoutLine(p.runId!, p.lineId!)])).values()];
  const loaded = await batchGet(store, [
    ...runIds.map((id) => keys.payoutRun(id)),
    ...lineKeys,
    ...fundIds.map((id) => keys.fund(id)),
    ...fundIds.map((id) => keys.aggregate(id, 'organisation', organisation.id)),
  ]);
  const runs = new Map(runIds.map((id) => [id, loaded.get(keyOf(keys.payoutRun(id))) as { status: RunStatus } | undefined]).filter((e): e is [string, { status: RunStatus }] => e[1] !== undefined));
  const lines = new Map<string, StatementLine>();
  for (const k of lineKeys) {
    const line = loaded.get(keyOf(k)) as (StatementLine & Record<string, unknown>) | undefined;
    if (line) lines.set(line.id, { ...line, reversedPence: Number(line.reversedPence ?? 0) });
  }

  const today = londonDate(request.now);
  const funds = fundIds.map((fundId) => {
    const fund = loaded.get(keyOf(keys.fund(fundId)));
    const aggregate = loaded.get(keyOf(keys.aggregate(fundId, 'organisation', organisation.id)));
    const statement = fundStatement({
      fundId,
      organisation,
      payables: mine.filter((p) => p.fundId === fundId),
      lines,
      runs,
      today,
      from: request.from,
      to: request.to,
      londonDate: (iso) => londonDate(new Date(iso)),
    });
    return { fundName: String(fund?.name ?? ''), acceptedReferrals: Number(aggregate?.acceptedReferrals ?? 0), ...statement };
  });
  return {
    totals: funds.reduce((sum, f) => addTotals(sum, f.totals), emptyTotals()),
    funds,
  };
};
