// The read side of the API: funds, organisations, an organisation's agreements, audit filters,
// readiness and the self-served docs, with who may read each and refusals that write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createAgreement, createScenario, sendReferral, tableSnapshot, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
const now = new Date('2026-06-15T10:00:00Z');
let s: Scenario;
let other: Scenario;
const commissioner = userOf('org_icb', 'commissioner');
beforeAll(async () => {
  h = await createHarness({ clock: () => now });
  s = await createScenario(h);
  other = await createScenario(h);
  await createAgreement(h, s, { kind: 'block', capacity: 3, amountPence: 90_000, period: 'month', startsOn: '2026-06-01', endsOn: '2026-08-31' });
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500, capacity: 10, activityId: s.activityId });
  // The same VCSE is also funded from the other fund manager's fund.
  await h.call('POST', `/v1/funds/${other.fundId}/agreements`, {
    as: other.manager,
    body: { organisationId: s.vcseOrgId, kind: 'per_referral', tariffPence: 1_000, period: 'month', startsOn: '2026-01-01', endsOn: '2026-12-31' },
  });
  const sent = await sendReferral(h, s);
  expect((await h.call('POST', `/v1/referrals/${sent.id}/accept`, { as: s.vcse })).status).toBe(200);
});
afterAll(() => h.close());

describe('Route: GET /v1/funds', () => {
  it('gives a fund manager their own organisation’s funds with the fund figures', async () => {
    const res = await h.call('GET', '/v1/funds', { as: s.manager });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: s.fundId, managerOrganisationId: s.fundManagerOrgId, totalPence: 30_000_000, reservedPence: 90_000, availablePence: 30_000_000 - 90_000, paidPence: 0 }),
    ]);
  });

  it('gives commissioners every fund, page by page', async () => {
    const first = await h.call('GET', '/v1/funds?limit=1', { as: commissioner });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await h.call('GET', `/v1/funds?limit=50&cursor=${first.body.nextCursor}`, { as: commissioner });
    const ids = [...first.body.items, ...second.body.items].map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining([s.fundId, other.fundId]));
  });

  it('refuses VCSE users and link workers, and anyone not signed in', async () => {
    expect((await h.call('GET', '/v1/funds', { as: s.vcse })).status).toBe(403);
    expect((await h.call('GET', '/v1/funds', { as: s.linkWorker })).status).toBe(403);
    expect((await h.call('GET', '/v1/funds')).status).toBe(401);
  });
});

describe('Route: GET /v1/organisations', () => {
  it('lists organisations of one kind with their onboarding status', async () => {
    for (const as of [ADMIN, s.manager, commissioner]) {
      const res = await h.call('GET', '/v1/organisations?kind=vcse&limit=200', { as });
      expect(res.status).toBe(200);
      expect(res.body.items.every((o: { kind: string }) => o.kind === 'vcse')).toBe(true);
      expect(res.body.items).toContainEqual(expect.objectContaining({ id: s.vcseOrgId, kind: 'vcse', onboarding: 'not_started' }));
    }
    const managers = await h.call('GET', '/v1/organisations?kind=fund_manager&limit=200', { as: ADMIN });
    expect(managers.body.items).toContainEqual(expect.objectContaining({ id: s.fundManagerOrgId, onboarding: null }));
  });

  it('refuses VCSE users and link workers, and says which kinds exist', async () => {
    expect((await h.call('GET', '/v1/organisations', { as: s.vcse })).status).toBe(403);
    expect((await h.call('GET', '/v1/organisations', { as: s.linkWorker })).status).toBe(403);
    const bad = await h.call('GET', '/v1/organisations?kind=charity', { as: ADMIN });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: '/kind', message: 'Kind must be one of: vcse, referrer, fund_manager, commissioner.' }]);
  });
});

describe('Route: GET /v1/organisations/{id}/agreements', () => {
  it('gives the organisation’s own VCSE users every agreement across funds, with this period’s use', async () => {
    const res = await h.call('GET', `/v1/organisations/${s.vcseOrgId}/agreements`, { as: s.vcse });
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { fundId: string }) => a.fundId).sort()).toEqual([s.fundId, s.fundId, other.fundId].sort());
    // The acceptance counted against the block agreement, which comes first in the contract’s order.
    const block = res.body.items.find((a: { kind: string }) => a.kind === 'block');
    expect(block.currentPeriod).toEqual({ key: '2026-06', used: 1, capacity: 3 });
  });

  it('shows a fund manager only the agreements their own funds made, and commissioners all', async () => {
    const mine = await h.call('GET', `/v1/organisations/${s.vcseOrgId}/agreements`, { as: other.manager });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((a: { fundId: string }) => a.fundId)).toEqual([other.fundId]);
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}/agreements`, { as: commissioner })).body.items).toHaveLength(3);
  });

  it('hides them from another VCSE (404) and refuses link workers (403), writing nothing', async () => {
    const before = await tableSnapshot(h);
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}/agreements`, { as: other.vcse })).status).toBe(404);
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}/agreements`, { as: s.linkWorker })).status).toBe(403);
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}/statement`, { as: other.vcse })).status).toBe(404);
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}/statement`, { as: s.linkWorker })).status).toBe(403);
    expect((await h.call('GET', `/v1/funds/${s.fundId}/payout-runs`, { as: s.vcse })).status).toBe(403);
    expect((await h.call('GET', `/v1/funds/${s.fundId}/payout-runs`, { as: other.manager })).status).toBe(404);
    expect(await tableSnapshot(h)).toEqual(before);
  });
});

describe('Route: GET /v1/audit (filters)', () => {
  it('narrows the trail by entity, by action or action prefix, and by London dates', async () => {
    const all = (await h.call('GET', `/v1/audit?fundId=${s.fundId}&limit=200`, { as: commissioner })).body.items as { entityId: string; action: string; at: string }[];
    expect(all.length).toBeGreaterThan(2);
    const fundOnly = await h.call('GET', `/v1/audit?fundId=${s.fundId}&entityId=${s.fundId}`, { as: commissioner });
    expect(fundOnly.body.items.map((e: { action: string }) => e.action)).toEqual(['fund.created']);
    const agreements = await h.call('GET', `/v1/audit?fundId=${s.fundId}&action=agreement.`, { as: commissioner });
    expect(agreements.body.items.map((e: { action: string }) => e.action)).toEqual(['agreement.created', 'agreement.created']);
    const accepted = await h.call('GET', `/v1/audit?fundId=${s.fundId}&action=referral.accepted`, { as: commissioner });
    expect(accepted.body.items).toHaveLength(1);
    // Everything here happened on 15 June 2026 (London).
    expect((await h.call('GET', `/v1/audit?fundId=${s.fundId}&from=2026-06-15&to=2026-06-15&limit=200`, { as: commissioner })).body.items).toHaveLength(all.length);
    expect((await h.call('GET', `/v1/audit?fundId=${s.fundId}&from=2026-06-16`, { as: commissioner })).body.items).toEqual([]);
    expect((await h.call('GET', `/v1/audit?fundId=${s.fundId}&to=2026-06-14`, { as: commissioner })).body.items).toEqual([]);
  });

  it('says what to change when the dates are the wrong way round', async () => {
    const res = await h.call('GET', `/v1/audit?fundId=${s.fundId}&from=2026-06-16&to=2026-06-15`, { as: commissioner });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: '/to', message: 'To date must not be before the from date.' }]);
  });
});

describe('The OpenAPI document', () => {
  it('documents every read route added for the screens, with its query parameters', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    const params = (path: string) => (doc.paths[path]?.get?.parameters ?? []).map((p: { name: string }) => p.name).sort();
    expect(params('/v1/funds')).toEqual(['cursor', 'limit']);
    expect(params('/v1/funds/{id}/payout-runs')).toEqual(['cursor', 'id', 'limit']);
    expect(params('/v1/organisations')).toEqual(['cursor', 'kind', 'limit']);
    expect(params('/v1/organisations/{id}/agreements')).toEqual(['id']);
    expect(params('/v1/organisations/{id}/statement')).toEqual(['from', 'id', 'to']);
    expect(params('/v1/audit')).toEqual(['action', 'cursor', 'entityId', 'from', 'fundId', 'limit', 'to']);
    expect(Object.keys(doc.paths['/health'].get.responses).sort()).toEqual(['200', '503']);
    expect(doc.components.schemas.Statement).toBeDefined();
  });
});

describe('Platform: /health and /docs', () => {
  it('answers 503 starting until it is ready, then 200', async () => {
    let ready = false;
    const starting = await createHarness({ ready: () => ready });
    try {
      const before = await starting.call('GET', '/health');
      expect(before.status).toBe(503);
      expect(before.body).toEqual({ status: 'starting' });
      ready = true;
      expect((await starting.call('GET', '/health')).body).toMatchObject({ status: 'ok' });
    } finally {
      await starting.close();
    }
  });

  it('ignores credentials sent to public routes, even ones that are not valid', async () => {
    for (const path of ['/health', '/docs', '/docs/assets/swagger-ui.css', '/openapi.json']) {
      expect((await h.call('GET', path, { headers: { authorization: 'Bearer not-a-token' } })).status, path).toBe(200);
    }
    expect((await h.call('GET', '/v1/funds', { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
  });

  it('serves every file /docs references from the app itself, with no other host', async () => {
    const page = await h.app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(referenced).toEqual(expect.arrayContaining(['/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js']));
    expect(html).not.toMatch(/https?:\/\//);
    for (const url of referenced) {
      const asset = await h.app.request(url);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(100);
    }
    expect((await h.app.request('/docs/assets/package.json')).status).toBe(404);
  });
});
