// What a referral carries beyond its state: a pseudonymous client reference, the referrer's work contact
// (seen only by the two organisations), decline codes, withdrawal reasons, and a logged referral's date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createAgreement, createOrganisation, createScenario, sendReferral, tableSnapshot, unique, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

// 1 December 2026, 10:00 in London (GMT).
const NOW = new Date('2026-12-01T10:00:00Z');

let h: Harness;
let s: Scenario;

beforeAll(async () => {
  h = await createHarness({ clock: () => NOW });
  s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000, startsOn: '2026-09-01' });
});
afterAll(() => h.close());

const send = (extra: Record<string, unknown>) =>
  h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: s.activityId, clientRef: unique('CR'), source: 'gp', ...extra } });

const log = (extra: Record<string, unknown>) =>
  h.call('POST', '/v1/referrals', { as: s.vcse, body: { activityId: s.activityId, clientRef: unique('CR'), source: 'vcse', externalRef: unique('JOY'), ...extra } });

describe('Field: clientRef', () => {
  it.each([
    { value: 'Mrs Jane Jones', says: 'no spaces' },
    { value: 'Jane-Jones-1', says: 'looks like a name' },
    { value: 'Smithers', says: 'at least one digit' },
    { value: 'A1', says: '3 to 40' },
    { value: 'REF.2026.1', says: 'other characters' },
    { value: 'X'.repeat(40) + '1', says: '3 to 40' },
  ])('refuses $value, saying what a reference looks like, and writes nothing', async ({ value, says }) => {
    const before = await tableSnapshot(h);
    const res = await send({ clientRef: value });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject([{ path: '/clientRef', message: expect.stringContaining('MED-2026-0042') }]);
    expect(res.body.errors[0].message).toContain(says);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it.each(['MED-2026-0042', 'gp/77/b', 'A_1'])('accepts %s', async (value) => {
    expect((await send({ clientRef: value })).status).toBe(201);
  });

  it('asks for the reference in plain words when it is missing', async () => {
    const res = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: s.activityId, source: 'gp' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject([{ path: '/clientRef', message: 'Enter the client reference.' }]);
  });
});

describe('Field: referrerContact', () => {
  it('names the referring organisation, and shows the link worker’s contact only to the two organisations', async () => {
    const sent = await send({ referrerContact: { email: 'Link.Worker@Imago.example', phone: '01634 000111' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const referrer = await h.call('GET', `/v1/organisations/${s.referrerOrgId}`, { as: ADMIN });
    const contact = { email: 'link.worker@imago.example', phone: '01634 000111' };
    expect(sent.body).toMatchObject({ referrerOrganisation: { id: s.referrerOrgId, name: referrer.body.name }, referrerContact: contact });
    expect((await h.call('GET', `/v1/referrals/${sent.body.id}`, { as: s.vcse })).body.referrerContact).toEqual(contact);
    const commissioning = await createOrganisation(h, 'commissioner');
    const audit = await h.call('GET', `/v1/referrals/${sent.body.id}`, { as: userOf(commissioning.id, 'commissioner') });
    expect(audit.status).toBe(200);
    expect(audit.body.referrerContact).toBeNull();
    expect(audit.body.referrerOrganisation.name).toBe(referrer.body.name);
  });

  it('refuses a contact that is neither an e-mail nor a phone, writing nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await send({ referrerContact: { email: 'not an email' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('/referrerContact/email');
    expect(await tableSnapshot(h)).toEqual(before);
  });
});

describe('Route: POST /v1/referrals/{id}/decline', () => {
  it('records a reason code with an optional reason', async () => {
    const referral = await sendReferral(h, s);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/decline`, { as: s.vcse, body: { reasonCode: 'full', reason: 'Full until January' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', declineReasonCode: 'full', declineReason: 'Full until January' });
  });

  it('reads a reason alone as other', async () => {
    const referral = await sendReferral(h, s);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/decline`, { as: s.vcse, body: { reason: 'Moved away' } });
    expect(res.body).toMatchObject({ status: 'declined', declineReasonCode: 'other', declineReason: 'Moved away' });
  });

  it.each([{ body: {} }, { body: { reasonCode: 'busy' } }])('refuses $body, leaving the referral sent', async ({ body }) => {
    const referral = await sendReferral(h, s);
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/decline`, { as: s.vcse, body });
    expect(res.status).toBe(400);
    expect(await tableSnapshot(h)).toEqual(before);
  });
});

describe('Route: POST /v1/referrals/{id}/withdraw', () => {
  it('records why, when the link worker says', async () => {
    const referral = await sendReferral(h, s);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/withdraw`, { as: s.linkWorker, body: { reason: 'Found a closer group' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'Found a closer group' });
  });

  it('still withdraws with no body at all', async () => {
    const referral = await sendReferral(h, s);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/withdraw`, { as: s.linkWorker });
    expect(res.body).toMatchObject({ status: 'withdrawn', withdrawReason: null });
  });
});

describe('Field: acceptedAt of a logged referral', () => {
  it('reads a date as that London day', async () => {
    const res = await log({ acceptedAt: '2026-11-28' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'accepted', acceptedAt: '2026-11-28T00:00:00.000Z', funding: { periodKey: '2026-11' } });
  });

  it('reads a summer date in British Summer Time', async () => {
    const s2 = await createScenario(h);
    await createAgreement(h, s2, { kind: 'per_referral', tariffPence: 1_000, startsOn: '2026-06-01' });
    const res = await h.call('POST', '/v1/referrals', {
      as: s2.vcse,
      body: { activityId: s2.activityId, clientRef: 'SUMMER-1', source: 'vcse', externalRef: 'summer-1', acceptedAt: '2026-07-01' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ acceptedAt: '2026-06-30T23:00:00.000Z', funding: { periodKey: '2026-07' } });
  });

  it('still takes a timestamp', async () => {
    expect((await log({ acceptedAt: '2026-11-30T16:00:00Z' })).status).toBe(201);
  });

  it.each([
    { name: 'tomorrow', acceptedAt: '2026-12-02', says: 'future' },
    { name: 'a timestamp an hour ahead', acceptedAt: '2026-12-01T11:00:00Z', says: 'future' },
    { name: 'a day before the agreement started', acceptedAt: '2026-08-31', says: '1 September 2026' },
    { name: 'a date that does not exist', acceptedAt: '2026-02-30', says: 'date' },
  ])('refuses $name, writing nothing', async ({ acceptedAt, says }) => {
    const before = await tableSnapshot(h);
    const res = await log({ acceptedAt });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors[0].path).toBe('/acceptedAt');
    expect(JSON.stringify(res.body.errors)).toContain(says);
    expect(await tableSnapshot(h)).toEqual(before);
  });
});
