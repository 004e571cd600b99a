// Acceptance under concurrency and repetition: never above capacity, never below zero, never twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createScenario, readFund, sendReferral, tableSnapshot } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { putSentReferral } from '../../shared/store/referrals.js';
import type { Referral } from '../../shared/domain/referral.js';
import type { Scenario } from '../support/builders.js';

let h: Harness;
beforeAll(async () => {
  // A thousand simultaneous requests queue behind one DynamoDB Local for longer than a real request's
  // 25 s budget; these tests are about how races end, so the budget is set beyond the tests' own timeouts.
  h = await createHarness({ requestBudgetMs: 600_000 });
});
afterAll(() => h.close());

/** Sends `count` referrals straight into the store (the send path is tested elsewhere), in parallel batches. */
const seedSentReferrals = async (s: Scenario, count: number): Promise<string[]> => {
  const now = new Date();
  const ids: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, (_, i) => {
      const referral: Referral = {
        id: h.deps.ids('referral', now),
        activityId: s.activityId,
        organisationId: s.vcseOrgId,
        referrerOrganisationId: s.referrerOrgId,
        clientRef: `LOAD-${start + i}`,
        source: 'gp',
        priorityGroup: null,
        pcnOdsCode: null,
        snomedCode: null,
        externalRef: null,
        status: 'sent',
        outcome: null,
        declineReason: null,
        funding: null,
        sentAt: now.toISOString(),
        respondBy: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
        respondedAt: null,
        acceptedAt: null,
        outcomeAt: null,
        createdBy: 'load-test',
      };
      ids.push(referral.id);
      return putSentReferral(h.deps.store, referral, { actor: 'load-test', eventId: h.deps.ids('event', now) });
    });
    await Promise.all(batch);
  }
  return ids;
};

const acceptAll = (s: Scenario, ids: string[]) =>
  Promise.all(ids.map((id) => h.call('POST', `/v1/referrals/${id}/accept`, { as: s.vcse }).then((r) => r.body.code ?? r.status)));

const tally = (outcomes: (string | number)[]) =>
  outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});

describe('Acceptance under concurrency', () => {
  it('accepts exactly 100 of 1,000 simultaneous acceptances against a block capacity of 100', async () => {
    // Prepare
    const s = await createScenario(h);
    const agreement = await createAgreement(h, s, { kind: 'block', capacity: 100, amountPence: 2_400_000, period: 'month' });
    const ids = await seedSentReferrals(s, 1000);

    // Act
    const outcomes = tally(await acceptAll(s, ids));

    // Assess
    expect(outcomes).toEqual({ 200: 100, capacity_exhausted: 900 });
    const listed = await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: s.manager });
    const row = listed.body.items.find((a: { id: string }) => a.id === agreement.id);
    expect(row.currentPeriod).toMatchObject({ used: 100, capacity: 100 });
  }, 300_000);

  it('accepts exactly as many per-referral tariffs as the fund can cover, leaving it at zero', async () => {
    // Prepare: a £250 fund and a £25 tariff: room for exactly 10.
    const s = await createScenario(h, { totalPence: 25_000 });
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const ids = await seedSentReferrals(s, 60);

    // Act
    const outcomes = tally(await acceptAll(s, ids));

    // Assess
    expect(outcomes).toEqual({ 200: 10, fund_exhausted: 50 });
    expect(await readFund(h, s)).toEqual(expect.objectContaining({ availablePence: 0, reservedPence: 25_000, paidPence: 0 }));
  }, 120_000);
});

describe('Acceptance repeated', () => {
  it('counts and reserves once when the same acceptance is retried with the same Idempotency-Key', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 4_000 });
    const referral = await sendReferral(h, s);
    const headers = { 'idempotency-key': `accept-${referral.id}` };
    const responses = await Promise.all(
      [1, 2, 3].map(() => h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse, headers })),
    );
    const again = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse, headers });
    const ok = [...responses, again].filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    for (const r of ok) expect(r.body).toEqual(ok[0]!.body);
    // Any attempt racing the first sees it in progress, never a second acceptance.
    for (const r of responses) expect([200, 409]).toContain(r.status);
    expect(await readFund(h, s)).toMatchObject({ reservedPence: 4_000 });
  });

  it('counts and reserves once when a second, separate request accepts the same referral', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 4_000 });
    const referral = await sendReferral(h, s);
    const [a, b] = await Promise.all([
      h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse }),
      h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('invalid_transition');
    const before = await tableSnapshot(h);
    const third = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    expect(third.body.code).toBe('invalid_transition');
    expect(await tableSnapshot(h)).toEqual(before);
    expect(await readFund(h, s)).toMatchObject({ reservedPence: 4_000 });
  });
});
