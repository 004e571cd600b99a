// What sending or logging a referral asks DynamoDB: the provider's agreements once, whatever else the request needs them for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createScenario, loggedReferralBody } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { recordingCommands } from '../support/recording.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('Sending round trips', () => {
  it('reads the provider’s agreements once, and still sets the fund’s own deadline', async () => {
    // Prepare: a fund that gives seven days to answer.
    const s = await createScenario(h, { responseDeadlineDays: 7 });
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });

    // Act
    let sent: { status: number; body: { respondBy: string; sentAt: string } } | undefined;
    const body = { activityId: s.activityId, clientRef: 'MW-2026-0142', source: 'gp' };
    const events = await recordingCommands(h, async () => (sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body })));

    // Assess
    expect(sent?.status, JSON.stringify(sent?.body)).toBe(201);
    expect(Date.parse(sent!.body.respondBy) - Date.parse(sent!.body.sentAt)).toBeGreaterThanOrEqual(7 * 86_400_000 - 3_600_000);
    const started = events.filter((e) => e.startsWith('start '));
    expect(started.filter((e) => e === 'start Query'), started.join(', ')).toHaveLength(1);
  });

  it('reads the agreements once when a VCSE logs a referral accepted elsewhere, checking its date and funding it from the same reading', async () => {
    // Prepare
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });

    // Act
    let logged: { status: number; body: { status: string; funding: { tariffPence: number } } } | undefined;
    const body = loggedReferralBody(s.activityId, new Date().toISOString());
    const events = await recordingCommands(h, async () => (logged = await h.call('POST', '/v1/referrals', { as: s.vcse, body })));

    // Assess
    expect(logged?.status, JSON.stringify(logged?.body)).toBe(201);
    expect(logged?.body).toMatchObject({ status: 'accepted', funding: { tariffPence: 2_000 } });
    const started = events.filter((e) => e.startsWith('start '));
    expect(started.filter((e) => e === 'start Query'), started.join(', ')).toHaveLength(1);
  });
});
