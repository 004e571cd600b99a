// What drafting a payout run asks DynamoDB: the open amounts once, the organisations owed in one batch, then the writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createAgreement, createOrganisation, createScenario, sendReferral, userOf } from '../support/builders.js';
import { createPayoutHarness, onboard, type PayoutHarness } from '../support/payouts.js';
import { recordingCommands } from '../support/recording.js';
import { londonDate } from '../../shared/domain/periods.js';

let h: PayoutHarness;
beforeAll(async () => {
  h = await createPayoutHarness();
});
afterAll(() => h.close());

/** A scenario whose fund owes `count` onboarded organisations `tariffPence` each, for one accepted referral. */
const owingOrganisations = async (count: number, tariffPence: number) => {
  const s = await createScenario(h);
  const providers = [{ orgId: s.vcseOrgId, activityId: s.activityId }];
  for (let i = 1; i < count; i += 1) {
    const org = await createOrganisation(h, 'vcse');
    providers.push({ orgId: org.id, activityId: (await createActivity(h, org.id)).id });
  }
  for (const p of providers) {
    await createAgreement(h, s, { kind: 'per_referral', tariffPence, organisationId: p.orgId });
    await onboard(h, p.orgId);
    const referral = await sendReferral(h, { ...s, activityId: p.activityId });
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: userOf(p.orgId, 'vcse') })).status).toBe(200);
  }
  return s;
};

describe('Drafting round trips', () => {
  it('reads the open amounts once and the three organisations owed in one batch, and still drafts every line', async () => {
    // Prepare: three onboarded organisations, each owed for one accepted referral.
    const s = await owingOrganisations(3, 2_500);
    const through = londonDate(new Date());

    // Act
    let draft: { status: number; body: { lines: unknown[]; totalPence: number } } | undefined;
    const events = await recordingCommands(h, async () => (draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through } })));

    // Assess: one line each; organisations read in a batch, never one by one; the open amounts queried once
    // (the other queries read back what was locked to the run, and its lines for the answer).
    expect(draft?.status, JSON.stringify(draft?.body)).toBe(201);
    expect(draft?.body).toMatchObject({ totalPence: 7_500, lines: [expect.anything(), expect.anything(), expect.anything()] });
    const started = events.filter((e) => e.startsWith('start '));
    expect(started.filter((e) => e === 'start BatchGet')).toHaveLength(1);
    const beforeFirstWrite = started.slice(0, started.indexOf('start TransactWrite'));
    expect(beforeFirstWrite.filter((e) => e === 'start Query'), beforeFirstWrite.join(', ')).toHaveLength(1);
  });

  it('puts every amount it locked into a line even when the run’s index has not caught up yet', async () => {
    // Prepare: two organisations owed; the run’s index (read eventually consistently in AWS) will miss one lock.
    const s = await owingOrganisations(2, 1_500);
    const doc = h.deps.store.doc as { send: (...args: unknown[]) => Promise<unknown> };
    const send = doc.send;
    doc.send = async (...args: unknown[]) => {
      const result = (await send.apply(doc, args)) as { Items?: unknown[] };
      const input = (args[0] as { input?: { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown> } }).input;
      const runIndex = input?.IndexName === 'gsi2' && Object.values(input.ExpressionAttributeValues ?? {}).some((v) => String(v).startsWith('RUN#'));
      return runIndex && result.Items ? { ...result, Items: result.Items.slice(1) } : result;
    };

    // Act
    let draft: { status: number; body: { lines: { amountPence: number }[]; totalPence: number } } | undefined;
    try {
      draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
    } finally {
      doc.send = send;
    }

    // Assess: both organisations have their line; nothing locked is left out of the run's total.
    expect(draft?.status, JSON.stringify(draft?.body)).toBe(201);
    expect(draft?.body.totalPence).toBe(3_000);
    expect(draft?.body.lines.map((l) => l.amountPence)).toEqual([1_500, 1_500]);
  });
});
