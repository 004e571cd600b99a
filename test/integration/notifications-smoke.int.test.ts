// Smoke: a referral sent reaches the VCSE's address through the stream, the queue and the stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { createNotifierHarness, type NotifierHarness } from '../support/notifier-harness.js';

let h: NotifierHarness;
beforeAll(async () => {
  h = await createNotifierHarness();
});
afterAll(() => h.close());

describe('smoke', () => {
  it('tells the VCSE a referral arrived', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await h.setAddresses(s.vcseOrgId, [{ email: 'referrals@vcse.example.org' }]);
    const referral = await sendReferral(h, s);
    const [message] = await h.waitForMessages((m) => m.to === 'referrals@vcse.example.org');
    expect(message!.subject).toContain('New referral');
    expect(message!.body).toContain(referral.id);
  });
});
