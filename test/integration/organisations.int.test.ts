// Organisations and activities: creation, reads, the directory, and tenancy between organisations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createActivity, createOrganisation, tableSnapshot, userOf } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('Route: POST /v1/organisations', () => {
  it('creates an organisation an admin registers, with payouts not yet enabled', async () => {
    const res = await h.call('POST', '/v1/organisations', {
      as: ADMIN,
      body: { name: 'Medway Walking Friends', kind: 'vcse', charityNumber: '1123456' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^org_/), stripeAccountId: null, payoutsEnabled: false });
    expect(res.headers.get('location')).toBe(`/v1/organisations/${res.body.id}`);
    const read = await h.call('GET', `/v1/organisations/${res.body.id}`, { as: ADMIN });
    expect(read.body).toEqual(res.body);
  });

  it.each(['vcse', 'link_worker', 'fund_manager', 'commissioner'] as const)('refuses a %s creating one', async (role) => {
    const org = await createOrganisation(h, 'vcse');
    const res = await h.call('POST', '/v1/organisations', { as: userOf(org.id, role), body: { name: 'X', kind: 'vcse' } });
    expect(res.status).toBe(403);
  });
});

describe('Route: GET /v1/organisations/{id}', () => {
  it('lets members, fund managers and commissioners read it', async () => {
    const org = await createOrganisation(h, 'vcse');
    for (const caller of [userOf(org.id, 'vcse'), userOf('org_other', 'fund_manager'), userOf('org_icb', 'commissioner')]) {
      expect((await h.call('GET', `/v1/organisations/${org.id}`, { as: caller })).status).toBe(200);
    }
  });

  it('answers 404 to a VCSE user reading another organisation with no public profile, as if it did not exist', async () => {
    const mine = await createOrganisation(h, 'vcse');
    // Providers have a public profile (see organisation-profile.int.test.ts); referrers do not.
    const theirs = await createOrganisation(h, 'referrer');
    const res = await h.call('GET', `/v1/organisations/${theirs.id}`, { as: userOf(mine.id, 'vcse') });
    expect(res.status).toBe(404);
    const missing = await h.call('GET', '/v1/organisations/org_01JF0000000000000000000000', { as: userOf(mine.id, 'vcse') });
    expect(res.body.detail.replace(theirs.id, 'X')).toBe(missing.body.detail.replace('org_01JF0000000000000000000000', 'X'));
  });

  it('refuses a malformed id with validation_failed', async () => {
    expect((await h.call('GET', '/v1/organisations/not-an-id', { as: ADMIN })).status).toBe(400);
  });
});

describe('Route: /v1/activities', () => {
  it('publishes a VCSE activity to the directory, filterable by category and organisation', async () => {
    const org = await createOrganisation(h, 'vcse');
    const walk = await createActivity(h, org.id, { category: 'physical_activity', postcode: 'me44qu' });
    const garden = await createActivity(h, org.id, { category: 'gardening' });
    expect(walk).toMatchObject({ organisationId: org.id, postcode: 'ME4 4QU' });
    const mine = await h.call('GET', `/v1/activities?organisationId=${org.id}`, { as: userOf('org_x', 'link_worker') });
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([walk.id, garden.id]);
    const gardens = await h.call('GET', `/v1/activities?organisationId=${org.id}&category=gardening`, { as: userOf('org_x', 'link_worker') });
    expect(gardens.body.items.map((a: { id: string }) => a.id)).toEqual([garden.id]);
  });

  it('pages through the directory with an opaque cursor', async () => {
    const org = await createOrganisation(h, 'vcse');
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push((await createActivity(h, org.id)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/activities?organisationId=${org.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.call('GET', query, { as: ADMIN });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((a: { id: string }) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made);
  });

  it('refuses a tampered cursor with validation_failed', async () => {
    expect((await h.call('GET', '/v1/activities?cursor=%%%', { as: ADMIN })).status).toBe(400);
  });

  it('refuses an activity from a VCSE user without an organisation, or from a non-VCSE organisation', async () => {
    const referrer = await createOrganisation(h, 'referrer');
    const before = await tableSnapshot(h);
    const body = { name: 'Walk', category: 'physical_activity' };
    expect((await h.call('POST', '/v1/activities', { as: { sub: 'v', roles: ['vcse'] }, body })).status).toBe(403);
    expect((await h.call('POST', '/v1/activities', { as: userOf(referrer.id, 'vcse'), body })).status).toBe(403);
    expect((await h.call('POST', '/v1/activities', { as: userOf(referrer.id, 'link_worker'), body })).status).toBe(403);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('always creates the activity for the caller’s own organisation', async () => {
    const mine = await createOrganisation(h, 'vcse');
    const theirs = await createOrganisation(h, 'vcse');
    const res = await h.call('POST', '/v1/activities', {
      as: userOf(mine.id, 'vcse'),
      body: { name: 'Walk', category: 'physical_activity', organisationId: theirs.id },
    });
    // organisationId is not a field a VCSE can set: unknown fields are refused.
    expect(res.status).toBe(400);
  });
});
