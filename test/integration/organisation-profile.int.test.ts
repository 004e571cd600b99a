// A provider's public profile: anyone signed in reads its name, charity number and activities; not its record, nor its agreements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createActivity, createAgreement, createOrganisation, createScenario, tableSnapshot, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
let s: Scenario;

beforeAll(async () => {
  h = await createHarness();
  s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_000 });
});
afterAll(() => h.close());

describe('Route: GET /v1/organisations/{id} as a link worker', () => {
  it('answers a provider’s public profile with its activities, without its payment details', async () => {
    const provider = await createOrganisation(h, 'vcse', { name: 'Chatham Crafts (fictional)', charityNumber: '1200001' });
    const activity = await createActivity(h, provider.id, { name: 'Knit and natter' });
    const res = await h.call('GET', `/v1/organisations/${provider.id}`, { as: s.linkWorker });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      id: provider.id,
      name: 'Chatham Crafts (fictional)',
      kind: 'vcse',
      charityNumber: '1200001',
      profile: 'public',
      activities: [{ id: activity.id, name: 'Knit and natter', category: 'physical_activity', status: 'active' }],
    });
  });

  it('still gives the full record to an admin', async () => {
    const res = await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: ADMIN });
    expect(res.body).toMatchObject({ id: s.vcseOrgId, payoutsEnabled: false, stripeAccountId: null });
    expect(res.body.profile).toBeUndefined();
  });

  it('answers 404 for an organisation that is not a provider', async () => {
    const fundManagers = await h.call('GET', `/v1/organisations/${s.fundManagerOrgId}`, { as: s.linkWorker });
    expect(fundManagers.status).toBe(404);
  });

  it('does not let the link worker read the provider’s agreements, writing nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: s.linkWorker });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain(s.vcseOrgId);
    expect(await tableSnapshot(h)).toEqual(before);
  });
});
