// Undelivered e-mails: a bounced referral e-mail shows for its organisation and fund managers, no one else, until the address is fixed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDeliveryStatus } from '../../shared/store/delivery-status.js';
import { claimDelivery, getDelivery, markDelivered } from '../../shared/store/notifications-sent.js';
import { ADMIN, createAgreement, createScenario, sendReferral, unique, type Scenario } from '../support/builders.js';
import { createNotifierHarness, type NotifierHarness } from '../support/notifier-harness.js';

let h: NotifierHarness;
beforeAll(async () => {
  h = await createNotifierHarness();
});
afterAll(() => h.close());

const BOUNCES = 'perm-fail@simulator.notify';

/** A VCSE whose referral e-mail went to an address that does not exist, found by the hourly check. */
const bouncedScenario = async (): Promise<{ s: Scenario; good: string; bounced: string }> => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  const good = `${unique('referrals').toLowerCase()}@vcse.example.org`;
  await h.setAddresses(s.vcseOrgId, [{ email: BOUNCES }, { email: good }]);
  const referral = await sendReferral(h, s);
  const messages = await h.waitForMessages((m) => m.body.includes(referral.id), 2);
  await h.drained();
  await h.notifier.runDeliveryChecks();
  return { s, good, bounced: messages.find((m) => m.to === BOUNCES)!.reference! };
};

const undelivered = (organisationId: string, as: Scenario['vcse']) => h.call('GET', `/v1/organisations/${organisationId}/undelivered-emails`, { as });

describe('Undelivered e-mails', () => {
  it('shows a bounced referral e-mail to its organisation and to a fund manager, and only the bounced address', async () => {
    const { s } = await bouncedScenario();
    const expected = { items: [{ organisationId: s.vcseOrgId, email: BOUNCES, kind: 'referral_received', status: 'permanent-failure', sentAt: expect.any(String) }], nextCursor: null };

    const own = await undelivered(s.vcseOrgId, s.vcse);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toEqual(expected);
    expect((await undelivered(s.vcseOrgId, s.manager)).body).toEqual(expected);
    const everyone = await h.call('GET', '/v1/undelivered-emails', { as: s.manager });
    expect(everyone.body.items).toContainEqual(expected.items[0]);
  });

  it('is not shown to another organisation, and every organisation is refused to a VCSE', async () => {
    const { s } = await bouncedScenario();
    const other = await createScenario(h);
    const res = await undelivered(s.vcseOrgId, other.vcse);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await undelivered(s.vcseOrgId, other.linkWorker)).status).toBe(404);
    expect((await h.call('GET', '/v1/undelivered-emails', { as: s.vcse })).status).toBe(403);
  });

  it('shows a fund manager the VCSE organisations’ failures only: a referrer’s are for its own people and the admin', async () => {
    // Prepare: an e-mail to the link workers' organisation bounced, recorded as the hourly check records it.
    const s = await createScenario(h);
    const referrerOrgId = s.linkWorker.organisationId!;
    const address = `${unique('team').toLowerCase()}@referrer.example.org`;
    await h.setAddresses(referrerOrgId, [{ email: address }]);
    const at = new Date().toISOString();
    const reference = `referrer:${unique('ref')}`;
    await claimDelivery(h.table.store, { reference, kind: 'referral_declined', email: address, organisationId: referrerOrgId, at, leaseMs: 10_000 });
    await markDelivered(h.table.store, reference, 'notify-id-referrer', at);
    await recordDeliveryStatus(h.table.store, (await getDelivery(h.table.store, reference))!, 'permanent-failure', at);
    const failure = expect.objectContaining({ organisationId: referrerOrgId, email: address });
    // Act and assess
    expect((await undelivered(referrerOrgId, s.linkWorker)).body.items).toEqual([failure]);
    expect((await undelivered(referrerOrgId, s.manager)).status).toBe(404);
    expect((await h.call('GET', '/v1/undelivered-emails?limit=200', { as: s.manager })).body.items).not.toContainEqual(failure);
    expect((await h.call('GET', '/v1/undelivered-emails?limit=200', { as: ADMIN })).body.items).toContainEqual(failure);
  });

  it('is gone once the address is corrected, and a later message to the new address is delivered', async () => {
    const { s, good } = await bouncedScenario();
    expect((await undelivered(s.vcseOrgId, s.vcse)).body.items).toHaveLength(1);
    await h.setAddresses(s.vcseOrgId, [{ email: good }, { email: `${unique('fixed').toLowerCase()}@vcse.example.org` }]);
    expect((await undelivered(s.vcseOrgId, s.vcse)).body.items).toEqual([]);

    const referral = await sendReferral(h, s);
    await h.waitForMessages((m) => m.body.includes(referral.id), 2);
    await h.drained();
    expect(await h.notifier.runDeliveryChecks()).toMatchObject({ delivered: 2, failed: 0 });
    expect((await undelivered(s.vcseOrgId, s.vcse)).body.items).toEqual([]);
    expect((await h.call('GET', '/v1/undelivered-emails', { as: s.manager })).body.items.filter((i: { organisationId: string }) => i.organisationId === s.vcseOrgId)).toEqual([]);
  });

  it('is gone once a message sent later to the same address was delivered (a mailbox that was full, then emptied)', async () => {
    const { s } = await bouncedScenario();
    expect((await undelivered(s.vcseOrgId, s.vcse)).body.items).toHaveLength(1);
    // Notify's simulated address always bounces, so the later delivery is recorded as the check would record it.
    const later = new Date(Date.now() + 60_000).toISOString();
    const reference = `later:${unique('ref')}`;
    await claimDelivery(h.table.store, { reference, kind: 'referral_received', email: BOUNCES, organisationId: s.vcseOrgId, at: later, leaseMs: 10_000 });
    await markDelivered(h.table.store, reference, 'notify-id-later', later);
    await recordDeliveryStatus(h.table.store, (await getDelivery(h.table.store, reference))!, 'delivered', later);
    expect((await undelivered(s.vcseOrgId, s.vcse)).body.items).toEqual([]);
  });

  it('leaves out failures more than 30 days old', async () => {
    const days31 = 31 * 86_400_000;
    // Sent, bounced and checked 31 days ago by the notifier's clock; read today.
    h.advance(-days31);
    let s: Scenario;
    let bounced: string;
    try {
      ({ s, bounced } = await bouncedScenario());
    } finally {
      h.advance(days31);
    }
    expect(await getDelivery(h.table.store, bounced)).toMatchObject({ deliveryStatus: 'permanent-failure' });
    expect((await undelivered(s.vcseOrgId, s.vcse)).body.items).toEqual([]);
  });
});
