// The hostile probe's findings, each reproduced as the probe found it: leaks, lost writes, 500s on bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createAgreement, createOrganisation, createScenario, createTwoProviderScenario, sendReferral, tableSnapshot, unique, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { enablePayouts } from '../support/hostile-world.js';
import { londonDate } from '../../shared/domain/periods.js';
import { monthsFromThisMonth, yearsAroundToday } from '../support/today.js';

let h: Harness;
let s: Scenario;
let otherVcseOrgId: string;
let runId: string;
beforeAll(async () => {
  h = await createHarness();
  ({ s, otherVcseOrgId } = await createTwoProviderScenario(h));
  const referral = await sendReferral(h, s);
  expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
  await enablePayouts(h, s.vcseOrgId);
  const drafted = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  runId = drafted.body.id;
});
afterAll(() => h.close());

const MADE_UP = { run: 'run_01JF0000000000000000000000', fund: 'fund_01JF0000000000000000000000', org: 'org_01JF0000000000000000000000' } as const;

/** What a caller can tell apart between two answers: status, code and title (ids and request ids differ). */
const shape = (res: { status: number; body: any }) => ({ status: res.status, code: res.body?.code, title: res.body?.title, items: res.body?.items });

describe('Finding: a fund manager of an organisation with more than 100 funds', () => {
  it('lists the referrals its funds paid for instead of answering 500', async () => {
    const many = await createScenario(h);
    await createAgreement(h, many, { kind: 'per_referral', tariffPence: 500 });
    for (let i = 0; i < 101; i += 1) {
      const res = await h.call('POST', '/v1/funds', {
        as: many.manager,
        body: { name: unique('Small fund'), totalPence: 1_000, ...yearsAroundToday() },
      });
      expect(res.status).toBe(201);
    }
    const referral = await sendReferral(h, many);
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: many.vcse })).status).toBe(200);
    const list = await h.call('GET', '/v1/referrals?limit=200', { as: many.manager });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([referral.id]);
  });
});

describe('Finding: an agreement naming an empty activity', () => {
  it('is refused with validation_failed and reserves nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await h.call('POST', `/v1/funds/${s.fundId}/agreements`, {
      as: s.manager,
      body: { organisationId: s.vcseOrgId, activityId: '', kind: 'block', capacity: 5, amountPence: 10_000, period: 'month', ...monthsFromThisMonth(3) },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(await tableSnapshot(h)).toEqual(before);
  });
});

describe('Finding: the existence of runs and funds leaks', () => {
  it.each([
    ['a VCSE user', () => s.vcse],
    ['a link worker', () => s.linkWorker],
    ['a commissioner', () => userOf(s.vcseOrgId, 'commissioner')],
    ['another organisation’s fund manager', () => userOf(otherVcseOrgId, 'fund_manager')],
  ])('answers %s approving or retrying a real run exactly as a made-up one', async (_who, caller) => {
    for (const action of ['approve', 'retry']) {
      const real = await h.call('POST', `/v1/payout-runs/${runId}/${action}`, { as: caller() });
      const madeUp = await h.call('POST', `/v1/payout-runs/${MADE_UP.run}/${action}`, { as: caller() });
      expect(shape(real)).toEqual(shape(madeUp));
      expect(real.status).not.toBe(200);
    }
  });

  it('answers a VCSE listing a fund it has no agreement in exactly as a made-up fund', async () => {
    const outsider = userOf((await createOrganisation(h, 'vcse')).id, 'vcse');
    const real = await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: outsider });
    const madeUp = await h.call('GET', `/v1/funds/${MADE_UP.fund}/agreements`, { as: outsider });
    expect(shape(real)).toEqual(shape(madeUp));
    expect(real.status).toBe(404);
  });

  it('still shows a VCSE its own agreements in the fund that pays it', async () => {
    const res = await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: s.vcse });
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { organisationId: string }) => a.organisationId)).toEqual([s.vcseOrgId]);
  });
});

describe('Finding: onboarding another organisation', () => {
  it('refuses a commissioner with 403, whether the organisation is real or made up', async () => {
    const commissioner = userOf((await createOrganisation(h, 'commissioner')).id, 'commissioner');
    const real = await h.call('POST', `/v1/organisations/${s.vcseOrgId}/stripe-onboarding`, { as: commissioner });
    const madeUp = await h.call('POST', `/v1/organisations/${MADE_UP.org}/stripe-onboarding`, { as: commissioner });
    expect(shape(real)).toEqual(shape(madeUp));
    expect(real.body.code).toBe('forbidden');
  });

  it('answers another organisation’s VCSE user 404, as for a made-up one', async () => {
    const other = userOf(otherVcseOrgId, 'vcse');
    const real = await h.call('POST', `/v1/organisations/${s.vcseOrgId}/stripe-onboarding`, { as: other });
    const madeUp = await h.call('POST', `/v1/organisations/${MADE_UP.org}/stripe-onboarding`, { as: other });
    expect(shape(real)).toEqual(shape(madeUp));
    expect(real.status).toBe(404);
  });
});

describe('Finding: public routes refuse a stale token', () => {
  const expired = async () => {
    const token = await h.token(ADMIN);
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    // A signature that no longer matches is as stale as an expired one: either way it must be ignored.
    return `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: 1 })).toString('base64url')}.AAAA`;
  };

  it.each([
    ['GET', '/health', undefined, 200],
    ['GET', '/openapi.json', undefined, 200],
    ['GET', '/docs', undefined, 200],
    ['GET', '/.well-known/jwks.json', undefined, 200],
    ['POST', '/v1/dev/token', { sub: 'demo', roles: ['vcse'] }, 200],
    ['GET', '/nowhere', undefined, 404],
  ])('ignores the credentials sent with %s %s', async (method, path, body, status) => {
    const res = await h.call(method, path, { headers: { authorization: `Bearer ${await expired()}` }, ...(body ? { body } : {}) });
    expect(res.status).toBe(status);
  });

  it('still refuses the stale token on a signed-in route', async () => {
    const res = await h.call('GET', '/v1/activities', { headers: { authorization: `Bearer ${await expired()}` } });
    expect(res.status).toBe(401);
  });
});

describe('Finding: the admin’s scope', () => {
  it('keeps admins out of funds, agreements, runs, reports, audit and exports (403)', async () => {
    const paths = [
      `/v1/funds/${s.fundId}`,
      `/v1/funds/${s.fundId}/agreements`,
      `/v1/payout-runs/${runId}`,
      `/v1/reports/spend?fundId=${s.fundId}&groupBy=organisation`,
      `/v1/reports/capacity?fundId=${s.fundId}`,
      `/v1/audit?fundId=${s.fundId}`,
      `/v1/audit/verify?fundId=${s.fundId}`,
      `/v1/exports/spend.csv?fundId=${s.fundId}`,
      `/v1/exports/360giving.json?fundId=${s.fundId}`,
    ];
    for (const path of paths) {
      const res = await h.call('GET', path, { as: ADMIN });
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 403, code: 'forbidden' });
    }
  });

  it('lets admins read organisations and the directory they administer', async () => {
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: ADMIN })).status).toBe(200);
    expect((await h.call('GET', '/v1/activities', { as: ADMIN })).status).toBe(200);
  });
});
