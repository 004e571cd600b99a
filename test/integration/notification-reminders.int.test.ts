// Must-show 2: the reminder job run twice in the same hour sends one reminder; an answered referral gets none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { createNotifierHarness, type NotifierHarness } from '../support/notifier-harness.js';

let h: NotifierHarness;
beforeAll(async () => {
  h = await createNotifierHarness();
});
afterAll(() => h.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Puts the notifier's clock at `ms` before the referral's deadline. */
const setClockBefore = (respondBy: string, ms: number) => h.advance(Date.parse(respondBy) - ms - h.notifierDeps.clock().getTime());

const reminders = (referralId: string) => h.notify.outbox().filter((m) => m.templateName === 'referral_reminder' && m.body.includes(referralId));

describe('Referral reminders', () => {
  it('sends one 3-day reminder when the job runs twice in the same hour, then one 1-day reminder', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await h.setAddresses(s.vcseOrgId, [{ email: 'referrals@remind.example.org' }, { email: 'no-reminders@remind.example.org', receives: ['referral_received'] }]);
    const referral = await sendReferral(h, s);

    setClockBefore(referral.respondBy!, 3 * DAY - HOUR);
    const first = await h.notifier.runReminders();
    h.advance(20 * 60_000);
    const second = await h.notifier.runReminders();
    await h.drained();
    expect(first.queued).toBeGreaterThanOrEqual(1);
    expect(second.queued).toBe(0);
    expect(reminders(referral.id).map((m) => [m.to, m.subject])).toEqual([['referrals@remind.example.org', expect.stringContaining('expires in 3 days')]]);

    setClockBefore(referral.respondBy!, 20 * HOUR);
    await h.notifier.runReminders();
    await h.notifier.runReminders();
    await h.drained();
    expect(reminders(referral.id).map((m) => m.subject)).toEqual([expect.stringContaining('expires in 3 days'), expect.stringContaining('expires in 1 day')]);
  });

  it('sends no reminder for a referral answered before its reminder was due', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await h.setAddresses(s.vcseOrgId, [{ email: 'referrals@answered.example.org' }]);
    const answered = await sendReferral(h, s);
    const waiting = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${answered.id}/decline`, { as: s.vcse, body: { reason: 'no_capacity' } })).status).toBe(200);

    setClockBefore(answered.respondBy!, 2 * DAY);
    await h.notifier.runReminders();
    await h.drained();
    expect(reminders(answered.id)).toEqual([]);
    expect(reminders(waiting.id)).toHaveLength(1);
  });

  it('sends no reminder queued before its referral was answered', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await h.setAddresses(s.vcseOrgId, [{ email: 'referrals@late.example.org' }]);
    const referral = await sendReferral(h, s);
    setClockBefore(referral.respondBy!, 2 * DAY);
    // The job has queued the reminder, and the referral is accepted before the notifier gets to it.
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
    await h.notifier.queue.send({ type: 'reminder', referralId: referral.id, daysBefore: 3 });
    await h.drained();
    expect(reminders(referral.id)).toEqual([]);
  });

  it('follows the fund’s own reminder days', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const set = await h.call('PUT', `/v1/funds/${s.fundId}/notification-settings`, { as: s.manager, body: { reminderDaysBefore: [5] } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    await h.setAddresses(s.vcseOrgId, [{ email: 'referrals@fund-days.example.org' }]);
    const referral = await sendReferral(h, s);

    setClockBefore(referral.respondBy!, 2 * DAY);
    await h.notifier.runReminders();
    await h.drained();
    expect(reminders(referral.id).map((m) => m.subject)).toEqual([expect.stringContaining('expires in 2 days')]);
  });
});
