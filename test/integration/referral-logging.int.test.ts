// Referrals a VCSE logs after accepting them elsewhere (one per externalRef and organisation), and
// personal data kept out of every referral: refused requests write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, createScenario, createTwoProviderScenario, loggedReferralBody, sendReferral, tableSnapshot, unique, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Caller, type Harness } from '../support/harness.js';

// A fixed instant inside every agreement below, so acceptance never depends on the day the suite runs.
const NOW = new Date('2026-06-15T10:00:00Z');
const ACCEPTED_ELSEWHERE_AT = '2026-06-14T09:30:00Z';
const VALID_NHS_NUMBER = '943 476 5919';

let h: Harness;
let s: Scenario;
let otherVcseOrgId: string;
let otherActivityId: string;
const callers = {} as { foreignVcse: Caller };

beforeAll(async () => {
  h = await createHarness({ clock: () => NOW });
  ({ s, otherVcseOrgId, otherActivityId } = await createTwoProviderScenario(h));
  callers.foreignVcse = userOf(otherVcseOrgId, 'vcse');
});
afterAll(() => h.close());

const loggedBody = (activityId: string, extra: Record<string, unknown> = {}) => loggedReferralBody(activityId, ACCEPTED_ELSEWHERE_AT, extra);

describe('Logged referrals: externalRef', () => {
  it('refuses the same externalRef logged twice by one organisation with duplicate_referral, writing nothing', async () => {
    const body = loggedBody(s.activityId, { externalRef: 'JOY-000123' });
    const first = await h.call('POST', '/v1/referrals', { as: s.vcse, body });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const before = await tableSnapshot(h);
    const again = await h.call('POST', '/v1/referrals', { as: s.vcse, body: { ...body, clientRef: unique('CR') } });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.code).toBe('duplicate_referral');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('lets another organisation log the same externalRef', async () => {
    const mine = await h.call('POST', '/v1/referrals', { as: s.vcse, body: loggedBody(s.activityId, { externalRef: 'JOY-000456' }) });
    const theirs = await h.call('POST', '/v1/referrals', {
      as: callers.foreignVcse!,
      body: loggedBody(otherActivityId, { externalRef: 'JOY-000456' }),
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body).toMatchObject({ status: 'accepted', organisationId: otherVcseOrgId, externalRef: 'JOY-000456' });
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('answers duplicate_referral to a repeated externalRef even when the agreement is now full', async () => {
    // A VCSE system retrying a referral it already logged must learn it is already funded,
    // not that there is no capacity (which reads as "not logged, try again later").
    const full = await createScenario(h);
    await createAgreement(h, full, { kind: 'block', capacity: 1, amountPence: 12_000, period: 'month', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const body = loggedBody(full.activityId, { externalRef: 'JOY-000789' });
    const first = await h.call('POST', '/v1/referrals', { as: full.vcse, body });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const before = await tableSnapshot(h);
    const again = await h.call('POST', '/v1/referrals', { as: full.vcse, body });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('duplicate_referral');
    expect(await tableSnapshot(h)).toEqual(before);
  });
});

describe('Personal data in referrals', () => {
  it('refuses a clientRef that contains a valid NHS number, writing nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await h.call('POST', '/v1/referrals', {
      as: s.linkWorker,
      body: { activityId: s.activityId, clientRef: `Patient ${VALID_NHS_NUMBER}`, source: 'gp' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(JSON.stringify(res.body)).not.toContain(VALID_NHS_NUMBER);
    // Said plainly, even though the spaces break the reference's shape too.
    expect(res.body.errors).toContainEqual({ path: '/clientRef', message: 'A client reference must not contain an NHS number: use a pseudonymous reference.' });
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('refuses a VCSE logging a referral whose clientRef is an NHS number, writing nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await h.call('POST', '/v1/referrals', { as: s.vcse, body: loggedBody(s.activityId, { clientRef: VALID_NHS_NUMBER.replaceAll(' ', '') }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('accepts a ten-digit clientRef that fails the NHS number check', async () => {
    const res = await h.call('POST', '/v1/referrals', {
      as: s.linkWorker,
      body: { activityId: s.activityId, clientRef: '9434765918', source: 'gp' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('refuses a decline reason that contains an NHS number, leaving the referral sent', async () => {
    const referral = await sendReferral(h, s);
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/decline`, {
      as: s.vcse,
      body: { reason: `Resident ${VALID_NHS_NUMBER} already attends` },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(await tableSnapshot(h)).toEqual(before);
    expect((await h.call('GET', `/v1/referrals/${referral.id}`, { as: s.vcse })).body).toMatchObject({ status: 'sent', declineReason: null });
  });
});
