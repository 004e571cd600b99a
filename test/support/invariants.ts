// The money invariants, checked over everything a test wrote: run after every integration test file.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { balances } from '../../shared/domain/ledger.js';
import type { Store } from '../../shared/store/client.js';
import { verifyFundAudit } from '../../shared/store/audit.js';

type Item = Record<string, any>;

const scanAll = async (store: Store): Promise<Item[]> => {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(new ScanCommand({ TableName: store.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

/**
 * For every fund: total = available + reserved + paid, none negative; the ledger's movements sum to
 * exactly those figures; no agreement-period counter is above its capacity or differs from the
 * accepted referrals it counted; unpaid payable amounts never exceed what is reserved; each payout
 * line's amount is the sum of the amounts locked to it, and each Stripe transfer pays one line.
 */
export const checkInvariants = async (store: Store): Promise<void> => {
  const items = await scanAll(store);
  const byEntity = (entity: string) => items.filter((i) => i.entity === entity);
  const referrals = byEntity('referral');
  for (const fund of byEntity('fund')) {
    const label = `fund ${fund.id}`;
    for (const field of ['availablePence', 'reservedPence', 'paidPence']) expect(fund[field], `${label} ${field}`).toBeGreaterThanOrEqual(0);
    expect(fund.availablePence + fund.reservedPence + fund.paidPence, `${label} total`).toBe(fund.totalPence);
    const ledger = balances(byEntity('movement').filter((m) => m.fundId === fund.id) as never[]);
    expect(ledger, `${label} ledger`).toEqual({ funding: -fund.totalPence, available: fund.availablePence, reserved: fund.reservedPence, paid: fund.paidPence });
    // Unpaid: open amounts, and amounts in a run whose line is not yet paid (a reversed line's
    // amount is payable again as a new open amount, so its old ones no longer count).
    const lineStatus = new Map(byEntity('payout_line').map((l) => [l.id, l.status]));
    const unpaid = byEntity('payable')
      .filter((p) => p.fundId === fund.id && (p.status === 'open' || ['pending', 'failed'].includes(lineStatus.get(p.lineId) ?? '')))
      .reduce((sum, p) => sum + Number(p.amountPence), 0);
    expect(unpaid, `${label} unpaid payables`).toBeLessThanOrEqual(fund.reservedPence);
    const audit = await verifyFundAudit(store, fund.id);
    expect(audit.breaks, `${label} audit chains`).toEqual([]);
  }
  expect(byEntity('pending_report_moves'), 'report moves left unapplied').toEqual([]);
  for (const line of byEntity('payout_line')) {
    const locked = byEntity('payable').filter((p) => p.lineId === line.id).reduce((sum, p) => sum + Number(p.amountPence), 0);
    expect(locked, `line ${line.id} amount`).toBe(line.amountPence);
  }
  const transferIds = byEntity('payout_line').map((l) => l.stripeTransferId).filter(Boolean);
  expect(new Set(transferIds).size, 'one line per transfer').toBe(transferIds.length);
  for (const counter of byEntity('period_counter')) {
    const label = `agreement ${counter.agreementId} period ${counter.periodKey}`;
    if (counter.capacity !== null && counter.capacity !== undefined) expect(counter.used, label).toBeLessThanOrEqual(counter.capacity);
    const counted = referrals.filter(
      (r) => r.status === 'accepted' && r.funding?.agreementId === counter.agreementId && r.funding?.periodKey === counter.periodKey,
    ).length;
    expect(counter.used, `${label} matches accepted referrals`).toBe(counted);
  }
  for (const referral of referrals) {
    if (referral.status === 'accepted') expect(referral.funding, `referral ${referral.id} funding`).toBeTruthy();
    else expect(referral.funding ?? null, `referral ${referral.id} unfunded`).toBeNull();
  }
};
