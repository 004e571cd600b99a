// Must-show 3: acceptance never waits on Notify; what failed is retried, and after the limit is dead-lettered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planMessages } from '../../functions/notifier/plan.js';
import { getDelivery } from '../../shared/store/notifications-sent.js';
import { createAgreement, createScenario, sendReferral, type Scenario } from '../support/builders.js';
import { eventually } from '../support/payouts.js';
import { chainEvents, createNotifierHarness, type NotifierHarness } from '../support/notifier-harness.js';

let h: NotifierHarness;

const acceptedEventKey = async (referralId: string) => `event:${(await chainEvents(h, referralId)).find((e) => e.action === 'referral.accepted')!.id}`;

const scenarioWithAddresses = async (tag: string): Promise<Scenario> => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  await h.setAddresses(s.referrerOrgId, [{ email: `link-workers-${tag}@surgery.example.nhs.uk` }]);
  await h.setAddresses(s.vcseOrgId, [{ email: `referrals-${tag}@vcse.example.org` }]);
  return s;
};

const accept = async (s: Scenario) => {
  const referral = await sendReferral(h, s);
  const res = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe('accepted');
  return referral.id;
};

/** A harness per block: an outage long enough to matter must not reach the receive limit of the other. */
const withHarness = (options: Parameters<typeof createNotifierHarness>[0]) => {
  beforeAll(async () => {
    h = await createNotifierHarness(options);
  });
  afterAll(() => h.close());
};

describe('Notify never answering', () => {
  withHarness({ timeoutMs: 200, maxReceives: 1_000 });

  it('completes acceptances while Notify never answers, queues their notifications, and sends them once it recovers', async () => {
    const s = await scenarioWithAddresses('hang');
    h.notify.fail('hang', { count: Number.POSITIVE_INFINITY });
    let accepted: string[];
    try {
      accepted = [await accept(s), await accept(s), await accept(s)];
      // Every acceptance is done; its notification waits in the queue (being tried, or due again).
      const keys = await Promise.all(accepted.map(acceptedEventKey));
      const seen = new Set<string>();
      await eventually('the notifications to be queued', async () => {
        for (const key of h.notifier.queue.pending()) seen.add(key);
        return keys.every((k) => seen.has(k));
      });
      expect(h.notify.outbox().filter((m) => m.templateName === 'referral_accepted' && accepted.some((id) => m.body.includes(id)))).toEqual([]);
    } finally {
      h.notify.heal();
    }
    await h.waitForMessages((m) => m.templateName === 'referral_accepted' && accepted.some((id) => m.body.includes(id)), 3);
    await h.drained();
    for (const id of accepted) expect(h.notify.outbox().filter((m) => m.templateName === 'referral_accepted' && m.body.includes(id))).toHaveLength(1);
    expect(h.notifier.queue.deadLetters()).toEqual([]);
  });
});

describe('Notify failing', () => {
  withHarness({ timeoutMs: 200, maxReceives: 3 });

  it('completes acceptances while Notify answers 500, retries, and after the limit moves the job to the dead-letter queue', async () => {
    const s = await scenarioWithAddresses('error');
    h.notify.fail('server_error', { count: Number.POSITIVE_INFINITY });
    let referralId: string;
    let dead;
    try {
      referralId = await accept(s);
      const key = await acceptedEventKey(referralId);
      dead = await eventually('the job to be dead-lettered', async () =>
        h.notifier.queue.deadLetters().find((d) => d.job.type === 'audit_event' && `event:${d.job.event.id}` === key),
      );
    } finally {
      h.notify.heal();
    }
    expect(dead.receives).toBe(3);
    expect(dead.lastError).toMatch(/Exception: Internal server error/);
    expect(h.notify.outbox().filter((m) => m.body.includes(referralId) && m.templateName === 'referral_accepted')).toEqual([]);

    // Redriven once Notify is back: sent exactly once.
    await h.notifier.queue.send(dead.job);
    await h.drained();
    expect(h.notify.outbox().filter((m) => m.body.includes(referralId) && m.templateName === 'referral_accepted')).toHaveLength(1);
  });

  it('records a message Notify refuses for good (a bad template id) once, without retrying it', async () => {
    const s = await scenarioWithAddresses('refused');
    const templates = h.notifierDeps.templates as Record<string, string>;
    const original = templates.referral_accepted!;
    templates.referral_accepted = '00000000-0000-4000-8000-000000000000';
    try {
      const referralId = await accept(s);
      const accepted = (await chainEvents(h, referralId)).find((e) => e.action === 'referral.accepted')!;
      const [message] = await planMessages(h.notifierDeps, { type: 'audit_event', event: accepted });
      const record = await eventually('the refusal to be recorded', async () => {
        const found = await getDelivery(h.table.store, message!.reference);
        return found?.status === 'failed' ? found : undefined;
      });
      await h.drained();
      expect(record).toMatchObject({ attempts: 1, failure: expect.stringContaining('BadRequestError: Template not found') });
      expect(h.notifier.queue.deadLetters().some((d) => d.job.type === 'audit_event' && d.job.event.id === accepted.id)).toBe(false);
      expect(h.notify.outbox().filter((m) => m.body.includes(referralId) && m.templateName === 'referral_accepted')).toEqual([]);
    } finally {
      templates.referral_accepted = original;
    }
  });
});
