// Must-show 4: a paid line's remittance advice lists exactly what it paid, and its total is the transfer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankPayout, buildRemittance } from '../../functions/notifier/remittance.js';
import type { PayoutLine } from '../../shared/domain/payout-run.js';
import { getLine } from '../../shared/store/payout-lines.js';
import { createActivity, createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { onboard } from '../support/payouts.js';
import { acceptReferrals, createNotifierHarness, draftApproveAndPay, type NotifierHarness } from '../support/notifier-harness.js';
import { monthsFromThisMonth, startOfMonthFromThis } from '../support/today.js';
import { formatDate } from '../../shared/domain/format.js';

let h: NotifierHarness;
beforeAll(async () => {
  h = await createNotifierHarness();
});
afterAll(() => h.close());

const advices = (transferId: string) => h.notify.outbox().filter((m) => m.templateName === 'remittance_advice' && m.body.includes(transferId));

describe('Remittance advice', () => {
  it('lists exactly the referrals and block instalments a line paid, totalling the Stripe transfer', async () => {
    // Prepare: a per-referral tariff for one activity and a monthly block for another; a referral
    // accepted after the first run, and one left unanswered, that the first advice must not list.
    const s = await createScenario(h);
    const blockActivity = await createActivity(h, s.vcseOrgId);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_550, activityId: s.activityId });
    await createAgreement(h, s, { kind: 'block', amountPence: 240_007, capacity: 100, activityId: blockActivity.id, ...monthsFromThisMonth(24, -11) });
    await h.setAddresses(s.vcseOrgId, [{ email: 'treasurer@remit.example.org', receives: [] }]);
    await onboard(h, s.vcseOrgId);
    const paid = await acceptReferrals(h, s, 3);
    const unanswered = await sendReferral(h, s);

    // Act
    const run = await draftApproveAndPay(h, s);
    const line = run.lines[0] as { id: string; stripeTransferId: string; amountPence: number };
    const [message] = await h.waitForMessages((m) => m.templateName === 'remittance_advice' && m.body.includes(line.stripeTransferId));
    const later = await acceptReferrals(h, s, 1);
    const second = await draftApproveAndPay(h, s);
    const secondLine = second.lines[0] as { stripeTransferId: string; amountPence: number };
    const [secondMessage] = await h.waitForMessages((m) => m.templateName === 'remittance_advice' && m.body.includes(secondLine.stripeTransferId));
    await h.drained();

    // Assess: the transfer Stripe made, and the advice for it.
    const transfer = h.sandbox.transfers().find((t) => t.id === line.stripeTransferId)!;
    const personalisation = message!.personalisation as Record<string, string | string[]>;
    const referralLines = personalisation.referrals as string[];
    const instalmentLines = personalisation.instalments as string[];
    expect(referralLines.map((l) => l.split(':')[0]).sort()).toEqual([...paid].sort());
    expect(referralLines.every((l) => l.endsWith('£25.50'))).toBe(true);
    // Twelve monthly instalments (eleven months ago to this month) of £2,400.07 ÷ 24: the odd 7p to the first seven.
    expect(instalmentLines).toHaveLength(12);
    expect(instalmentLines[0]).toMatch(new RegExp(`instalment payable from ${formatDate(startOfMonthFromThis(-11))}, £100\\.01$`));
    expect(instalmentLines[11]).toMatch(new RegExp(`instalment payable from ${formatDate(startOfMonthFromThis(0))}, £100\\.00$`));
    const listed = 3 * 2_550 + 7 * 10_001 + 5 * 10_000;
    expect(transfer.amount).toBe(listed);
    expect(line.amountPence).toBe(listed);
    expect(personalisation.amount).toBe('£1,276.57');
    expect(message!.body).toContain(`Stripe transfer: ${line.stripeTransferId}`);
    expect(message!.body).toContain(`Payout run: ${run.id}`);
    expect(message!.body).toContain(`Your statement: http://localhost:3000/statement`);
    // Sent at the transfer, before Stripe pays the charity out: it says where the payout will be named.
    expect(message!.body).toContain('To your bank: Stripe pays this into your bank account as a payout');
    expect(bankPayout({ stripePayoutId: 'po_1Abc', payoutArrivalDate: '2026-11-25' })).toBe('Stripe payout po_1Abc, arriving on 25 November 2026');
    for (const id of [...later, unanswered.id]) expect(message!.body).not.toContain(id);

    // The second advice lists only the referral accepted since, and one advice per transfer.
    expect((secondMessage!.personalisation as { referrals: string[] }).referrals.map((l) => l.split(':')[0])).toEqual(later);
    expect(secondMessage!.personalisation).toMatchObject({ instalments: 'None', amount: '£25.50' });
    expect(advices(line.stripeTransferId)).toHaveLength(1);
    expect(advices(secondLine.stripeTransferId)).toHaveLength(1);

    // The advice is built from the amounts locked to the line, and refuses one that does not add up.
    const stored = (await getLine(h.table.store, run.id, line.id)) as PayoutLine;
    expect((await buildRemittance(h.table.store, stored, line.stripeTransferId)).totalPence).toBe(transfer.amount);
    await expect(buildRemittance(h.table.store, { ...stored, amountPence: stored.amountPence + 1 }, line.stripeTransferId)).rejects.toThrow(/add up to/);
  });
});
