// The hourly delivery check: a bounced e-mail is marked by the next run, one failed lookup stops no other, and each run is bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_CHECK_HOURS } from '../../functions/notifier/delivery-checks.js';
import { getDelivery } from '../../shared/store/notifications-sent.js';
import { createAgreement, createScenario, sendReferral, unique, type Scenario } from '../support/builders.js';
import { createNotifierHarness, type NotifierHarness } from '../support/notifier-harness.js';

let h: NotifierHarness;
beforeAll(async () => {
  h = await createNotifierHarness();
});
afterAll(() => h.close());

/** A referral sent to a VCSE with these addresses; returns the messages it produced, once all are sent. */
const referralTo = async (s: Scenario, emails: readonly string[]) => {
  await h.setAddresses(s.vcseOrgId, emails.map((email) => ({ email })));
  const referral = await sendReferral(h, s);
  const messages = await h.waitForMessages((m) => m.body.includes(referral.id), emails.length);
  await h.drained();
  return messages;
};

/** Runs the check until nothing is left to look up, so each test starts from its own messages. */
const settleEarlierMessages = async () => {
  while ((await h.notifier.runDeliveryChecks()).more);
};

const scenario = async () => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  return s;
};

describe('The hourly delivery check', () => {
  it('marks a referral e-mail to an address that does not exist permanent-failure, and looks nothing up twice', async () => {
    const s = await scenario();
    const good = `${unique('ok').toLowerCase()}@vcse.example.org`;
    const messages = await referralTo(s, ['perm-fail@simulator.notify', good]);

    expect(await h.notifier.runDeliveryChecks()).toEqual({ checked: 2, delivered: 1, failed: 1, notFinal: 0, errors: 0, more: false });
    const bounced = messages.find((m) => m.to === 'perm-fail@simulator.notify')!;
    const delivered = messages.find((m) => m.to === good)!;
    expect(await getDelivery(h.table.store, bounced.reference!)).toMatchObject({ deliveryStatus: 'permanent-failure', organisationId: s.vcseOrgId });
    expect(await getDelivery(h.table.store, delivered.reference!)).toMatchObject({ deliveryStatus: 'delivered' });

    // Final statuses leave the index: the next hour asks Notify about nothing.
    expect(await h.notifier.runDeliveryChecks()).toMatchObject({ checked: 0 });
  });

  it('carries on past a Notify error on one lookup, and looks that one up again next hour', async () => {
    await settleEarlierMessages();
    const s = await scenario();
    const emails = ['a', 'b', 'c'].map((x) => `${x}-${unique('err').toLowerCase()}@vcse.example.org`);
    await referralTo(s, emails);

    h.notify.fail('server_error', { method: 'GET', count: 1 });
    expect(await h.notifier.runDeliveryChecks()).toMatchObject({ checked: 3, delivered: 2, errors: 1 });
    expect(await h.notifier.runDeliveryChecks()).toMatchObject({ checked: 1, delivered: 1, errors: 0 });
  });

  it('looks up at most its limit in one run; the next run takes the rest', async () => {
    await settleEarlierMessages();
    const s = await scenario();
    await referralTo(s, ['a', 'b', 'c'].map((x) => `${x}-${unique('bound').toLowerCase()}@vcse.example.org`));

    expect(await h.notifier.runDeliveryChecks({ limit: 2 })).toMatchObject({ checked: 2, more: true });
    expect(await h.notifier.runDeliveryChecks({ limit: 2 })).toMatchObject({ checked: 1, delivered: 1 });
  });

  it(`leaves alone a message sent more than ${DELIVERY_CHECK_HOURS} hours ago`, async () => {
    await settleEarlierMessages();
    const s = await scenario();
    const [message] = await referralTo(s, [`${unique('old').toLowerCase()}@vcse.example.org`]);
    const hours = (DELIVERY_CHECK_HOURS + 1) * 3_600_000;
    h.advance(hours);
    try {
      expect(await h.notifier.runDeliveryChecks()).toMatchObject({ checked: 0 });
      expect((await getDelivery(h.table.store, message!.reference!))?.deliveryStatus).toBeUndefined();
    } finally {
      h.advance(-hours);
    }
  });
});
