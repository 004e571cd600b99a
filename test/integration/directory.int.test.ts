// The directory as a link worker reads it: provider, details, whether a funded referral is possible, search and distance;
// and a provider changing, pausing and closing its activity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createAgreement, createOrganisation, createScenario, sendReferral, tableSnapshot, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

const NOW = new Date('2026-12-01T10:00:00Z');

let h: Harness;
let s: Scenario;

beforeAll(async () => {
  h = await createHarness({ clock: () => NOW });
  s = await createScenario(h, { totalPence: 100_000 });
});
afterAll(() => h.close());

const entry = async (activityId: string) => {
  const res = await h.call('GET', `/v1/activities/${activityId}`, { as: s.linkWorker });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('Route: GET /v1/activities (the directory)', () => {
  it('shows the provider’s name and charity number, when, where and how to reach it', async () => {
    const org = await createOrganisation(h, 'vcse', { name: 'Riverside Walkers (fictional)', charityNumber: '1234567' });
    const created = await createActivity(h, org.id, {
      name: 'Riverside walk',
      description: 'A gentle hour by the Medway',
      when: 'Tuesdays 10:00 to 11:00',
      where: 'The bandstand, The Strand',
      postcode: 'me4 4qu',
      contact: { email: 'Walks@Example.org', phone: '01634 123456' },
      publicContact: { url: 'https://walks.example.org' },
    });
    const listed = await entry(created.id);
    expect(listed).toMatchObject({
      provider: { id: org.id, name: 'Riverside Walkers (fictional)', charityNumber: '1234567' },
      description: 'A gentle hour by the Medway',
      when: 'Tuesdays 10:00 to 11:00',
      where: 'The bandstand, The Strand',
      postcode: 'ME4 4QU',
      contact: { email: 'walks@example.org', phone: '01634 123456', url: null },
      publicContact: { email: null, phone: null, url: 'https://walks.example.org' },
      status: 'active',
      acceptingReferrals: false,
      notAcceptingReason: { code: 'no_agreement' },
      stats: { referralsReceived: 0, acceptanceRate: null, medianResponseHours: null },
    });
  });

  it('says an activity takes funded referrals once an agreement covers it, and why not once its capacity is used', async () => {
    const org = await createOrganisation(h, 'vcse');
    const activity = await createActivity(h, org.id);
    await createAgreement(h, s, { organisationId: org.id, kind: 'per_referral', tariffPence: 1_000, capacity: 1, startsOn: '2026-09-01' });
    expect(await entry(activity.id)).toMatchObject({ acceptingReferrals: true, notAcceptingReason: null });
    const referral = await sendReferral(h, s, { activityId: activity.id });
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: userOf(org.id, 'vcse') })).status).toBe(200);
    expect(await entry(activity.id)).toMatchObject({ acceptingReferrals: false, notAcceptingReason: { code: 'capacity_exhausted' } });
  });

  it('says the fund cannot cover the tariff when it has less left than the tariff, in pounds', async () => {
    const org = await createOrganisation(h, 'vcse');
    const activity = await createActivity(h, org.id);
    await createAgreement(h, s, { organisationId: org.id, kind: 'per_referral', tariffPence: 150_000 });
    const listed = await entry(activity.id);
    expect(listed).toMatchObject({ acceptingReferrals: false, notAcceptingReason: { code: 'fund_exhausted' } });
    expect(listed.notAcceptingReason.detail).toContain('£1,500.00');
  });

  it('finds activities by every word of q in the name or description, whatever the case', async () => {
    const org = await createOrganisation(h, 'vcse');
    const wanted = await createActivity(h, org.id, { name: 'Pottery for beginners', description: 'Clay, wheels and TEA in Rochester' });
    await createActivity(h, org.id, { name: 'Pottery club', description: 'Advanced glazing' });
    const res = await h.call('GET', '/v1/activities?q=pottery%20tea&limit=200', { as: s.linkWorker });
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([wanted.id]);
  });

  it('orders by distance from a postcode, nearest first, with each distance in km', async () => {
    const org = await createOrganisation(h, 'vcse');
    const sheerness = await createActivity(h, org.id, { name: 'Sheppey crafts', description: 'distance-test', postcode: 'ME12 1HH' });
    const chatham = await createActivity(h, org.id, { name: 'Chatham crafts', description: 'distance-test', postcode: 'ME4 4QU' });
    const sittingbourne = await createActivity(h, org.id, { name: 'Sittingbourne crafts', description: 'distance-test', postcode: 'ME10 4DE' });
    const nowhere = await createActivity(h, org.id, { name: 'Online crafts', description: 'distance-test' });
    const res = await h.call('GET', '/v1/activities?q=distance-test&postcode=ME2%204AW&limit=2', { as: s.linkWorker });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([chatham.id, sittingbourne.id]);
    expect(res.body.items[0].distanceKm).toBeGreaterThan(0);
    expect(res.body.items[0].distanceKm).toBeLessThan(res.body.items[1].distanceKm);
    const next = await h.call('GET', `/v1/activities?q=distance-test&postcode=ME2%204AW&limit=2&cursor=${res.body.nextCursor}`, { as: s.linkWorker });
    expect(next.body.items.map((a: { id: string }) => a.id)).toEqual([sheerness.id, nowhere.id]);
    expect(next.body.items[1].distanceKm).toBeNull();
    expect(next.body.nextCursor).toBeNull();
  });

  it('refuses a postcode that is not one, saying what one looks like', async () => {
    const res = await h.call('GET', '/v1/activities?postcode=NOWHERE', { as: s.linkWorker });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: '/postcode', message: expect.stringContaining('ME4 4QU') });
  });
});

describe('Route: PATCH /v1/activities/{id}', () => {
  it('lets the provider change details, and the directory shows them', async () => {
    const res = await h.call('PATCH', `/v1/activities/${s.activityId}`, {
      as: s.vcse,
      body: { description: 'Now on Thursdays too', when: 'Tuesdays and Thursdays 10:00', category: 'arts' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await entry(s.activityId)).toMatchObject({ description: 'Now on Thursdays too', when: 'Tuesdays and Thursdays 10:00', category: 'arts', updatedAt: NOW.toISOString() });
  });

  it.each([
    { name: 'a VCSE of another organisation (404)', as: () => userOf('org_01JF0000000000000000000000', 'vcse'), status: 404 },
    { name: 'a link worker (403)', as: () => s.linkWorker, status: 403 },
    { name: 'an unknown field (400)', as: () => s.vcse, status: 400, body: { colour: 'blue' } },
    { name: 'an empty change (400)', as: () => s.vcse, status: 400, body: {} },
    { name: 'a status that does not exist (400)', as: () => s.vcse, status: 400, body: { status: 'archived' } },
  ])('refuses $name and writes nothing', async ({ as, status, body }) => {
    const before = await tableSnapshot(h);
    const res = await h.call('PATCH', `/v1/activities/${s.activityId}`, { as: as(), body: body ?? { name: 'Taken over' } });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('sends a referral to a paused activity with the warning activity_paused', async () => {
    const org = await createOrganisation(h, 'vcse');
    const activity = await createActivity(h, org.id);
    await createAgreement(h, s, { organisationId: org.id, kind: 'per_referral', tariffPence: 500 });
    expect((await h.call('PATCH', `/v1/activities/${activity.id}`, { as: userOf(org.id, 'vcse'), body: { status: 'paused' } })).status).toBe(200);
    const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: activity.id, clientRef: 'PAUSE-001', source: 'gp' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ status: 'sent', warnings: [{ code: 'activity_paused' }] });
    expect(await entry(activity.id)).toMatchObject({ status: 'paused', acceptingReferrals: false, notAcceptingReason: { code: 'activity_paused' } });
  });

  it('refuses a referral to a closed activity with 409 activity_closed, writing nothing, and leaves it out of the directory', async () => {
    const org = await createOrganisation(h, 'vcse');
    const activity = await createActivity(h, org.id, { name: 'Closing soon' });
    expect((await h.call('PATCH', `/v1/activities/${activity.id}`, { as: userOf(org.id, 'vcse'), body: { status: 'closed' } })).status).toBe(200);
    const before = await tableSnapshot(h);
    const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: activity.id, clientRef: 'CLOSED-001', source: 'gp' } });
    expect(sent.status).toBe(409);
    expect(sent.body.code).toBe('activity_closed');
    expect(await tableSnapshot(h)).toEqual(before);
    const directory = await h.call('GET', '/v1/activities?q=closing&limit=200', { as: s.linkWorker });
    expect(directory.body.items).toEqual([]);
    const own = await h.call('GET', `/v1/activities?organisationId=${org.id}`, { as: s.linkWorker });
    expect(own.body.items).toMatchObject([{ id: activity.id, status: 'closed' }]);
  });

  it('sends a referral to an activity no agreement covers, warning that an acceptance would not be funded', async () => {
    const org = await createOrganisation(h, 'vcse');
    const activity = await createActivity(h, org.id);
    const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: activity.id, clientRef: 'NOAGR-001', source: 'gp' } });
    expect(sent.status).toBe(201);
    expect(sent.body.warnings).toMatchObject([{ code: 'no_agreement', detail: expect.any(String) }]);
  });
});
