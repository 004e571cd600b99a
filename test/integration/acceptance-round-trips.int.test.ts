// What an acceptance asks DynamoDB: the referral and the agreements together, then one write; reads of counters and funds only after a refused guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMembershipCheck } from '../../functions/runtime/auth/membership.js';
import { createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { recordingCommands } from '../support/recording.js';

let h: Harness;
beforeAll(async () => {
  // The caller's membership, read by the scenario's first request as them, never expires here: the counts
  // are acceptance's own, however slow the machine (a person's first request in 30 s costs one GetItem more).
  h = await createHarness({ membership: createMembershipCheck({ now: () => 1_000 }) });
});
afterAll(() => h.close());

const recording = (act: () => Promise<unknown>) => recordingCommands(h, act);

describe('Acceptance round trips', () => {
  it('reads the referral and the agreements together, then writes once, when the first agreement has room', async () => {
    // Prepare
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const referral = await sendReferral(h, s);

    // Act
    let status = 0;
    const events = await recording(async () => (status = (await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status));

    // Assess: two round trips, the first of two reads sent at once.
    expect(status).toBe(200);
    expect(events.slice(0, 2).sort()).toEqual(['start Get', 'start Query']);
    expect(events.slice(2, 4).sort()).toEqual(['end Get', 'end Query']);
    expect(events.slice(4)).toEqual(['start TransactWrite', 'end TransactWrite']);
  });

  it('falls back to the next agreement from consistent reads when the first is full, funding it from the tariff', async () => {
    // Prepare: an activity block of one, already used, and a per-referral tariff behind it.
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', activityId: s.activityId, capacity: 1, amountPence: 10_000, period: 'month' });
    const tariff = await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const first = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${first.id}/accept`, { as: s.vcse })).body.funding.agreementKind).toBe('block');
    const second = await sendReferral(h, s);

    // Act
    let body: { funding: { agreementId: string } } | undefined;
    const events = await recording(async () => (body = (await h.call('POST', `/v1/referrals/${second.id}/accept`, { as: s.vcse })).body));

    // Assess: the guess on the full block was refused, counters and funds were read, and the tariff paid.
    expect(body?.funding.agreementId).toBe(tariff.id);
    const started = events.filter((e) => e.startsWith('start')).map((e) => e.slice(6));
    expect(started.sort()).toEqual(['BatchGet', 'BatchGet', 'Get', 'Query', 'TransactWrite', 'TransactWrite']);
  });
});
