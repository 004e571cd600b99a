// Exports end to end: real paid lines through the Stripe sandbox, then spend.csv parsed back to the
// fund's paid total with each reversal its own row, 360Giving checked with ajv against the published
// 1.4.3 schemas, the ORUK directory against the published ORUK schemas, and who may read them.
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../functions/api/middleware/auth.js';
import { onError, onNotFound } from '../../functions/runtime/problems.js';
import { requestContext } from '../../functions/runtime/request-context.js';
import type { AppEnv } from '../../functions/runtime/env.js';
import { exportRoutes } from '../../functions/api/routes/exports.js';
import { openReferralErrors, threeSixtyGivingErrors } from '../support/standards.js';
import { ADMIN, createActivity, createAgreement, createOrganisation, createScenario, readFund, sendReferral, userOf, type Scenario } from '../support/builders.js';
import type { Caller } from '../support/harness.js';
import { createPayoutHarness, eventually, onboard, settled, type PayoutHarness } from '../support/payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

/** RFC 4180, read strictly: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('Unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') break;
        else (field += text[i]), (i += 1);
      }
      i += 1;
      if (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i)) throw new Error(`Text after a closing quote at ${i}`);
    } else if (text[i] === ',') {
      record.push(field), (field = ''), (i += 1);
    } else if (text.startsWith('\r\n', i)) {
      record.push(field), records.push(record), (record = []), (field = ''), (i += 2);
    } else if (text[i] === '\n' || text[i] === '\r' || text[i] === '"') {
      throw new Error(`Bare ${JSON.stringify(text[i])} outside quotes at ${i}`);
    } else {
      (field += text[i]), (i += 1);
    }
  }
  if (field !== '' || record.length > 0) throw new Error('The last record does not end in CRLF');
  return records;
};

/** "1234.56" → 123456 and "-200.00" → -20000, by string, never by float. */
const penceOf = (pounds: string): number => {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(pounds);
  if (!match) throw new Error(`Not an amount: ${pounds}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
};

let h: PayoutHarness;
let exportsApp: OpenAPIHono<AppEnv>;
beforeAll(async () => {
  h = await createPayoutHarness();
  // The routes composed as app.ts composes every route, so the test does not depend on the mount.
  exportsApp = new OpenAPIHono<AppEnv>();
  exportsApp.onError(onError);
  exportsApp.notFound(onNotFound);
  exportsApp.use('*', requestContext(h.deps));
  exportsApp.use('*', authenticate());
  exportsApp.route('/v1/exports', exportRoutes);
});
afterAll(() => h.close());

const get = async (path: string, as?: Caller) =>
  exportsApp.request(path, { headers: as ? { authorization: `Bearer ${await h.token(as)}` } : {} });

const COMMISSIONER = userOf('org_icb', 'commissioner', 'icb-commissioner-1');
const today = () => londonDate(new Date());

const payRun = async (s: Scenario) => {
  const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today() } });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const approved = await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return settled(h, draft.body.id, s.manager);
};

describe('Exports of a fund that has paid, been partly reversed, and paid again', () => {
  let s: Scenario;
  let hope: { id: string; name: string };
  let formula: { id: string; name: string };
  let perReferral: { id: string };
  let block: { id: string };

  beforeAll(async () => {
    // Prepare: a per-referral VCSE whose name needs quoting, and a block-funded one whose name is a formula.
    s = await createScenario(h, { startsOn: '2020-01-01', endsOn: '2030-12-31' });
    hope = await createOrganisation(h, 'vcse', { name: 'Hope, "Care"\nand Tea', charityNumber: '1100001' });
    formula = await createOrganisation(h, 'vcse', { name: '=SUM(A1:A9)', companyNumber: '01234567' });
    const hopeActivity = await createActivity(h, hope.id, { postcode: 'ME4 4AA', category: 'gardening' });
    await createActivity(h, formula.id);
    perReferral = await createAgreement(h, s, { organisationId: hope.id, activityId: hopeActivity.id, kind: 'per_referral', tariffPence: 2_500 });
    block = await createAgreement(h, s, { organisationId: formula.id, kind: 'block', capacity: 50, amountPence: 120_000, period: 'agreement', startsOn: `${today().slice(0, 7)}-01`, endsOn: '2030-12-31' });
    await onboard(h, hope.id);
    await onboard(h, formula.id);
    for (let i = 0; i < 3; i += 1) {
      const referral = await sendReferral(h, { ...s, activityId: hopeActivity.id });
      const accepted = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: userOf(hope.id, 'vcse') });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    }
    const first = await payRun(s);
    // Stripe takes back £200 of the block payment; the next run pays it again.
    const blockLine = first.lines.find((l: { organisationId: string }) => l.organisationId === formula.id);
    const reversal = await fetch(`${h.sandbox.url}/v1/transfers/${blockLine.stripeTransferId}/reversals`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=20000',
    });
    expect(reversal.ok).toBe(true);
    await eventually('the reversal to reach the fund', async () => (await readFund(h, s)).paidPence === 127_500 - 20_000);
    await payRun(s);
  });

  it('streams spend.csv as RFC 4180 that parses back to the fund’s paid total, to the penny, with the reversal its own row', async () => {
    const res = await get(`/v1/exports/spend.csv?fundId=${s.fundId}`, COMMISSIONER);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="spend-${s.fundId}.csv"`);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(['Body name', 'Body', 'Service area', 'Expenditure category', 'Date', 'Transaction number', 'Net amount', 'Original transaction number', 'Supplier name', 'Supplier ID', 'Fund ID', 'Payout run ID', 'Payout line ID']);
    const column = (name: string) => header!.indexOf(name);
    const fund = await readFund(h, s);
    expect(fund.paidPence).toBe(127_500);
    expect(rows.reduce((sum, r) => sum + penceOf(r[column('Net amount')]!), 0)).toBe(fund.paidPence);
    // Four rows: Hope's £75, the block's £1,200, its £200 reversal, and the £200 paid again.
    expect(rows.map((r) => [r[column('Supplier name')], r[column('Net amount')]]).sort()).toEqual(
      [["'=SUM(A1:A9)", '1200.00'], ["'=SUM(A1:A9)", '-200.00'], ["'=SUM(A1:A9)", '200.00'], ['Hope, "Care"\nand Tea', '75.00']].sort(),
    );
    const reversal = rows.find((r) => r[column('Net amount')] === '-200.00')!;
    const original = rows.find((r) => r[column('Net amount')] === '1200.00')!;
    expect(reversal[column('Original transaction number')]).toBe(original[column('Transaction number')]);
    expect(reversal[column('Transaction number')]).toBe(`${original[column('Transaction number')]}-R1`);
    expect(reversal[column('Payout line ID')]).toBe(original[column('Payout line ID')]);
    expect(new Set(rows.map((r) => r[column('Supplier ID')]))).toEqual(new Set(['GB-CHC-1100001', 'GB-COH-01234567']));
    for (const r of rows) {
      expect(r[column('Transaction number')]).toMatch(/^tr_/);
      expect(r[column('Date')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[column('Fund ID')]).toBe(s.fundId);
    }
  });

  it('publishes each agreement as a 360Giving grant that passes the published 1.4.3 schemas, payments and reversals included', async () => {
    const res = await get(`/v1/exports/360giving.json?fundId=${s.fundId}`, COMMISSIONER);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { grants: Record<string, any>[] };
    expect(body.grants.length).toBeGreaterThanOrEqual(1);
    expect(threeSixtyGivingErrors(body)).toEqual([]);
    const byId = new Map(body.grants.map((g) => [g.id, g]));
    const hopeGrant = byId.get(`360G-EXAMPLE-${perReferral.id}`)!;
    const blockGrant = byId.get(`360G-EXAMPLE-${block.id}`)!;
    expect(hopeGrant).toMatchObject({ amountAwarded: 75, amountDisbursed: 75, recipientOrganization: [{ id: 'GB-CHC-1100001', name: hope.name }] });
    // MVA's grants go to organisations that deliver activities: end recipients, not intermediaries.
    for (const grant of body.grants) expect(grant).not.toHaveProperty('regrantType');
    expect(blockGrant).toMatchObject({ amountAwarded: 1200, amountDisbursed: 1200, recipientOrganization: [{ id: 'GB-COH-01234567', name: formula.name }] });
    expect(blockGrant.disbursementTransaction.map((t: { value: number }) => t.value).sort((a: number, b: number) => a - b)).toEqual([-200, 200, 1200]);
    const negative = blockGrant.disbursementTransaction.find((t: { value: number }) => t.value < 0);
    expect(negative.description).toMatch(/^Reversal of transaction tr_/);
    const disbursed = body.grants.reduce((sum, g) => sum + Math.round(g.amountDisbursed * 100), 0);
    expect(disbursed).toBe((await readFund(h, s)).paidPence);
  });

  it('lists the activity directory as Open Referral UK services for any signed-in user', async () => {
    const res = await get('/v1/exports/openreferral.json', s.linkWorker);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { total_items: number; contents: Record<string, any>[] };
    expect(page.total_items).toBe(page.contents.length);
    expect(openReferralErrors('/services', page)).toEqual([]);
    const hopeService = page.contents.find((svc) => svc.organization.name === hope.name)!;
    expect(hopeService).toMatchObject({
      status: 'active',
      service_at_locations: [{ location: { addresses: [{ postal_code: 'ME4 4AA' }] } }],
      attributes: [{ taxonomy_term: { name: 'Gardening' } }],
    });
  });

  it('lets the fund’s own managers and commissioners export, and no one else (not even admins)', async () => {
    const spend = `/v1/exports/spend.csv?fundId=${s.fundId}`;
    const grants = `/v1/exports/360giving.json?fundId=${s.fundId}`;
    const otherManager = userOf((await createOrganisation(h, 'fund_manager')).id, 'fund_manager');
    for (const path of [spend, grants]) {
      expect((await get(path, COMMISSIONER)).status).toBe(200);
      expect((await get(path, ADMIN)).status).toBe(403);
      expect((await get(path, s.manager)).status).toBe(200);
      expect((await get(path, s.secondManager)).status).toBe(200);
      // Another fund manager's fund is not theirs to see: not found, as for reading the fund.
      expect((await get(path, otherManager)).status).toBe(404);
      const vcse = await get(path, userOf(hope.id, 'vcse'));
      expect(vcse.status).toBe(403);
      expect(((await vcse.json()) as { code: string }).code).toBe('forbidden');
      expect((await get(path, s.linkWorker)).status).toBe(403);
      const anonymous = await get(path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await get('/v1/exports/openreferral.json')).status).toBe(401);
  });

  it('refuses a 360Giving file for a fund with no agreements yet, in plain words, rather than publish an invalid package', async () => {
    const empty = await createScenario(h);
    const res = await get(`/v1/exports/360giving.json?fundId=${empty.fundId}`, COMMISSIONER);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('nothing_to_publish');
    expect(problem.detail).toMatch(/has no agreements yet, so there is no grant to publish/);
  });

  it('answers 404 for a fund that does not exist and 400 for a malformed fund id', async () => {
    expect((await get('/v1/exports/spend.csv?fundId=fund_01JF0000000000000000000000', COMMISSIONER)).status).toBe(404);
    expect((await get('/v1/exports/spend.csv?fundId=nope', COMMISSIONER)).status).toBe(400);
    expect((await get('/v1/exports/360giving.json', COMMISSIONER)).status).toBe(400);
  });
});
