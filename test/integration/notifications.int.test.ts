// Must-show 1: each notification reaches the right addresses, once, and never one that turned it off.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planMessages } from '../../functions/notifier/plan.js';
import { processJob } from '../../functions/notifier/process.js';
import { refreshDeliveryStatus } from '../../functions/notifier/status.js';
import { expireOverdueReferrals } from '../../shared/store/expiry.js';
import { notificationKeys } from '../../shared/store/keys.js';
import { claimDelivery, getDelivery } from '../../shared/store/notifications-sent.js';
import { createAgreement, createScenario, sendReferral, type Scenario } from '../support/builders.js';
import { onboard } from '../support/payouts.js';
import { acceptReferrals, chainEvents, createNotifierHarness, draftApproveAndPay, type NotifierHarness } from '../support/notifier-harness.js';

let h: NotifierHarness;
beforeAll(async () => {
  h = await createNotifierHarness();
});
afterAll(() => h.close());

/** Addresses for each organisation of a scenario: one that takes everything, one that turned most off. */
const withAddresses = async (s: Scenario, tag: string) => {
  const a = {
    vcseAll: `all-${tag}@vcse.example.org`,
    vcseQuiet: `treasurer-${tag}@vcse.example.org`,
    referrerAll: `all-${tag}@surgery.example.nhs.uk`,
    referrerDeclines: `declines-${tag}@surgery.example.nhs.uk`,
    managerAll: `all-${tag}@mva.example.org.uk`,
    managerPayouts: `payouts-${tag}@mva.example.org.uk`,
  };
  await h.setAddresses(s.vcseOrgId, [{ email: a.vcseAll }, { email: a.vcseQuiet, receives: [] }]);
  await h.setAddresses(s.referrerOrgId, [{ email: a.referrerAll }, { email: a.referrerDeclines, receives: ['referral_declined'] }]);
  await h.setAddresses(s.fundManagerOrgId, [{ email: a.managerAll }, { email: a.managerPayouts, receives: ['payout_line_problem'] }]);
  return a;
};

const sentTo = (template: string, where: (body: string) => boolean = () => true) =>
  h.notify
    .outbox()
    .filter((m) => m.templateName === template && where(m.body))
    .map((m) => m.to)
    .sort();

describe('Notifications: who hears about what', () => {
  it('tells the VCSE a referral arrived, with the activity and respond-by date, and never the client reference', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const a = await withAddresses(s, 'arrive');
    const referral = await sendReferral(h, s, { clientRef: 'CR-SECRET-4471' });

    const [message] = await h.waitForMessages((m) => m.templateName === 'referral_received' && m.body.includes(referral.id));
    await h.drained();
    expect(sentTo('referral_received', (b) => b.includes(referral.id))).toEqual([a.vcseAll]);
    expect(message!.subject).toMatch(/^New referral to Walking group\W\d+: please answer by \d{1,2} [A-Z][a-z]+ \d{4}$/);
    for (const m of h.notify.outbox()) expect(JSON.stringify(m)).not.toContain('CR-SECRET-4471');
    // The link opens the VCSE's page for the referral (signing in first), not the JSON API.
    expect(message!.body).toContain(`http://localhost:3000/referrals/${referral.id}`);
    expect(message!.body).not.toContain('/v1/');
  });

  it('tells the referring organisation of an acceptance, a decline with its reason, and an expiry', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const a = await withAddresses(s, 'answer');
    const [accepted] = await acceptReferrals(h, s, 1);
    const declined = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${declined.id}/decline`, { as: s.vcse, body: { reason: 'outside_catchment' } })).status).toBe(200);
    const expiring = await sendReferral(h, s);
    await expireOverdueReferrals(h.table.store, new Date(Date.parse(expiring.respondBy!) + 1_000), h.deps.ids);

    await h.waitForMessages((m) => m.templateName === 'referral_expired' && m.body.includes(expiring.id));
    await h.waitForMessages((m) => m.templateName === 'referral_declined' && m.body.includes(declined.id), 2);
    const [acceptance] = await h.waitForMessages((m) => m.templateName === 'referral_accepted' && m.body.includes(accepted!));
    await h.drained();
    // The referrer follows it in its list of referrals sent.
    expect(acceptance!.body).toContain('http://localhost:3000/sent');
    expect(acceptance!.body).not.toContain('/v1/');
    expect(sentTo('referral_accepted', (b) => b.includes(accepted!))).toEqual([a.referrerAll]);
    expect(sentTo('referral_declined', (b) => b.includes(declined.id))).toEqual([a.referrerAll, a.referrerDeclines].sort());
    expect(h.notify.outbox().find((m) => m.templateName === 'referral_declined' && m.body.includes(declined.id))!.body).toContain('Reason: outside_catchment');
    expect(sentTo('referral_expired', (b) => b.includes(expiring.id))).toEqual([a.referrerAll]);
    // The VCSE hears of its own referrals arriving, not of their answers.
    expect(h.notify.outbox().filter((m) => m.to.endsWith('@vcse.example.org') && m.templateName !== 'referral_received' && m.body.includes(accepted!))).toEqual([]);
  });

  it('tells the fund managers a run awaits approval, the VCSE (every address) of its payment, and the managers of a reversal', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 4_000 });
    const a = await withAddresses(s, 'pay');
    await onboard(h, s.vcseOrgId);
    await acceptReferrals(h, s, 2);
    const run = await draftApproveAndPay(h, s);
    const transferId = run.lines[0].stripeTransferId as string;

    await h.waitForMessages((m) => m.templateName === 'remittance_advice' && m.body.includes(transferId), 2);
    await h.waitForMessages((m) => m.templateName === 'payout_run_awaiting_approval' && m.body.includes(run.id));
    const reversal = await fetch(`${h.sandbox.url}/v1/transfers/${transferId}/reversals`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reversal.ok).toBe(true);
    await h.waitForMessages((m) => m.templateName === 'payout_line_problem' && m.body.includes(run.id), 2);
    await h.drained();

    expect(sentTo('payout_run_awaiting_approval', (b) => b.includes(run.id))).toEqual([a.managerAll]);
    // Remittance advice cannot be turned off: the address that chose nothing still gets it.
    expect(sentTo('remittance_advice', (b) => b.includes(transferId))).toEqual([a.vcseAll, a.vcseQuiet].sort());
    expect(sentTo('payout_line_problem', (b) => b.includes(run.id))).toEqual([a.managerAll, a.managerPayouts].sort());
    expect(h.notify.outbox().find((m) => m.templateName === 'payout_line_problem' && m.body.includes(run.id))!.subject).toContain('was reversed: £80.00');
  });

  it('tells the fund managers when Stripe refuses a line', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_500 });
    const a = await withAddresses(s, 'fail');
    await onboard(h, s.vcseOrgId);
    await acceptReferrals(h, s, 1);
    const balance = h.sandbox.balance();
    h.sandbox.setBalance(100);
    const run = await draftApproveAndPay(h, s);
    h.sandbox.setBalance(balance);
    expect(run.lines[0]).toMatchObject({ status: 'failed', failureCode: 'balance_insufficient' });

    const [message] = await h.waitForMessages((m) => m.templateName === 'payout_line_problem' && m.body.includes(run.id), 2);
    await h.drained();
    expect(sentTo('payout_line_problem', (b) => b.includes(run.id))).toEqual([a.managerAll, a.managerPayouts].sort());
    expect(message!.body).toContain('balance_insufficient');
    expect(sentTo('remittance_advice', (b) => b.includes(run.id))).toEqual([]);
  });
});

describe('Notifications: each message once', () => {
  it('sends once though the same event arrives three times, twice at the same moment', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const a = await withAddresses(s, 'dup');
    const referral = await sendReferral(h, s);
    await h.waitForMessages((m) => m.templateName === 'referral_received' && m.body.includes(referral.id));
    const [sent] = await chainEvents(h, referral.id);

    await Promise.all([processJob(h.notifierDeps, { type: 'audit_event', event: sent! }), processJob(h.notifierDeps, { type: 'audit_event', event: sent! })].map((p) => p.catch(() => undefined)));
    await h.notifier.queue.send({ type: 'audit_event', event: sent! });
    await h.drained();
    expect(sentTo('referral_received', (b) => b.includes(referral.id))).toEqual([a.vcseAll]);
  });

  it('sends once when Notify fails and the job is retried, or accepts but the answer is lost', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const a = await withAddresses(s, 'retry');
    h.notify.fail('server_error', { count: 1 });
    const first = await sendReferral(h, s);
    await h.waitForMessages((m) => m.templateName === 'referral_received' && m.body.includes(first.id));
    await h.drained();
    h.notify.fail('lose_answer', { count: 1 });
    const second = await sendReferral(h, s);
    await h.waitForMessages((m) => m.templateName === 'referral_received' && m.body.includes(second.id));
    await h.drained();

    expect(sentTo('referral_received', (b) => b.includes(first.id))).toEqual([a.vcseAll]);
    expect(sentTo('referral_received', (b) => b.includes(second.id))).toEqual([a.vcseAll]);
  });

  it('sends once after a worker crashed between Notify accepting the message and recording it', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await withAddresses(s, 'crash');
    const [referralId] = await acceptReferrals(h, s, 1);
    await h.waitForMessages((m) => m.templateName === 'referral_accepted' && m.body.includes(referralId!));
    await h.drained();
    const accepted = (await chainEvents(h, referralId!)).find((e) => e.action === 'referral.accepted')!;
    const [message] = await planMessages(h.notifierDeps, { type: 'audit_event', event: accepted });

    // The crashed worker: its claim is left in `sending`, its email reached Notify, nothing recorded.
    await h.table.store.doc.send(new DeleteCommand({ TableName: h.table.store.tableName, Key: notificationKeys.delivery(message!.reference) }));
    h.notify.clearOutbox();
    const at = h.notifierDeps.clock().toISOString();
    expect((await claimDelivery(h.table.store, { reference: message!.reference, kind: message!.kind, email: message!.email, at, leaseMs: h.notifierDeps.leaseMs })).outcome).toBe('claimed');
    await h.notifierDeps.notify.sendEmail({ templateId: h.notifierDeps.templates[message!.kind], emailAddress: message!.email, personalisation: message!.personalisation, reference: message!.reference });

    // While its lease lasts the message is left alone; once it has run out, Notify is asked first.
    await expect(processJob(h.notifierDeps, { type: 'audit_event', event: accepted })).rejects.toThrow(/being sent by another attempt/);
    h.advance(h.notifierDeps.leaseMs + 1);
    expect(await processJob(h.notifierDeps, { type: 'audit_event', event: accepted })).toMatchObject({ found_sent: 1, sent: 0 });
    expect(await processJob(h.notifierDeps, { type: 'audit_event', event: accepted })).toMatchObject({ already_done: 1, sent: 0 });
    expect(h.notify.outbox().filter((m) => m.reference === message!.reference)).toHaveLength(1);
  });

  it('reads delivery status back from Notify and keeps it on the delivery record', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    // Notify's simulated address for a mailbox that does not exist.
    await h.setAddresses(s.vcseOrgId, [{ email: 'perm-fail@simulator.notify' }]);
    const referral = await sendReferral(h, s);
    const [message] = await h.waitForMessages((m) => m.to === 'perm-fail@simulator.notify' && m.body.includes(referral.id));
    await h.drained();

    expect(await refreshDeliveryStatus(h.notifierDeps, message!.reference!)).toBe('permanent-failure');
    expect(await getDelivery(h.table.store, message!.reference!)).toMatchObject({ status: 'sent', notifyId: message!.id, deliveryStatus: 'permanent-failure' });
  });
});
