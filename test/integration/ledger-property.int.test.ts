// Property: over any sequence of sends, acceptances, declines, withdrawals, outcomes and logged
// referrals, across several agreements and Europe/London periods (a month end at 23:30 UTC, the
// October clock change), the fund always balances, the ledger always agrees with it, no
// agreement-period passes its capacity, and every answer is the one a simple model predicts.
import fc from 'fast-check';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createAgreement, createScenario, unique, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';
import { fund, londonDay, opArb, periodOf, predictAcceptance, setupArb, type Model, type ModelAgreement, type Op, type Setup } from '../support/ledger-model.js';

// The instants the clock steps through, each with the calendar date it is in London.
const INSTANTS = [
  { at: '2026-09-15T10:00:00Z', london: '2026-09-15' },
  { at: '2026-09-30T22:30:00Z', london: '2026-09-30' }, // 23:30 BST: still September, still Q3
  { at: '2026-09-30T23:30:00Z', london: '2026-10-01' }, // a month end at 23:30 UTC is already October (and Q4) in BST
  { at: '2026-10-25T00:30:00Z', london: '2026-10-25' }, // 01:30 BST, half an hour before the clocks go back
  { at: '2026-10-25T01:30:00Z', london: '2026-10-25' }, // 01:30 GMT, after they went back
  { at: '2026-10-31T23:30:00Z', london: '2026-10-31' }, // a month end at 23:30 UTC is still October in GMT
  { at: '2026-11-01T00:30:00Z', london: '2026-11-01' },
  { at: '2026-12-31T23:30:00Z', london: '2026-12-31' },
  { at: '2027-01-01T00:30:00Z', london: '2027-01-01' }, // the activity per-referral agreement has ended
] as const;

const TARIFFS = { activity: 2_500, organisation: 1_000 } as const;

let now = new Date(INSTANTS[0].at);
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock: () => now });
});
afterAll(() => h.close());

// ---- One run -----------------------------------------------------------------------------------

interface World {
  readonly s: Scenario;
  readonly activities: readonly [string, string];
  readonly model: Model;
}

const AGREEMENT_SPECS = (setup: Setup) =>
  [
    { name: 'activity block', kind: 'block', activity: 0, capacity: setup.activityBlockCapacity, period: 'month', tariffPence: 0, amountPence: 60_000, startsOn: '2026-09-01', endsOn: '2027-02-28' },
    { name: 'organisation block', kind: 'block', activity: null, capacity: setup.organisationBlockCapacity, period: 'quarter', tariffPence: 0, amountPence: 40_000, startsOn: '2026-09-01', endsOn: '2027-06-30' },
    { name: 'activity per-referral', kind: 'per_referral', activity: 1, capacity: setup.activityPerReferralCapacity, period: 'month', tariffPence: TARIFFS.activity, amountPence: 0, startsOn: '2026-09-01', endsOn: '2026-12-31' },
    { name: 'organisation per-referral', kind: 'per_referral', activity: null, capacity: setup.organisationPerReferralCapacity, period: 'month', tariffPence: TARIFFS.organisation, amountPence: 0, startsOn: '2026-09-01', endsOn: '2027-12-31' },
  ] as const satisfies readonly Omit<ModelAgreement, 'id'>[];

const buildWorld = async (setup: Setup): Promise<World> => {
  now = new Date(INSTANTS[setup.startAt]!.at);
  const specs = AGREEMENT_SPECS(setup);
  const blocks = specs.reduce((sum, a) => sum + a.amountPence, 0);
  const totalPence = blocks + setup.roomPence;
  const s = await createScenario(h, { totalPence });
  const second = await createActivity(h, s.vcseOrgId);
  const activities = [s.activityId, second.id] as const;
  const agreements: ModelAgreement[] = [];
  for (const spec of specs) {
    const created = await createAgreement(h, s, {
      kind: spec.kind,
      period: spec.period,
      startsOn: spec.startsOn,
      endsOn: spec.endsOn,
      ...(spec.activity !== null ? { activityId: activities[spec.activity] } : {}),
      ...(spec.capacity !== null ? { capacity: spec.capacity } : {}),
      ...(spec.kind === 'block' ? { amountPence: spec.amountPence } : { tariffPence: spec.tariffPence }),
    });
    agreements.push({ ...spec, id: created.id });
  }
  return { s, activities, model: { totalPence, agreements, referrals: [], used: new Map(), reservedPence: blocks } };
};

/** Runs one operation against the API and the model, checking the answer is the one predicted. */
const step = async (world: World, op: Op, clock: { index: number }): Promise<void> => {
  const { s, activities, model } = world;
  const label = JSON.stringify(op);
  if (op.kind === 'advance') {
    clock.index = Math.min(clock.index + op.by, INSTANTS.length - 1);
    now = new Date(INSTANTS[clock.index]!.at);
    return;
  }
  if (op.kind === 'send') {
    const res = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: activities[op.activity], clientRef: unique('CR'), source: 'gp' } });
    expect(res.status, `${label} ${JSON.stringify(res.body)}`).toBe(201);
    expect(res.body).toMatchObject({ status: 'sent', funding: null });
    model.referrals.push({ id: res.body.id, activity: op.activity, via: 'sent', status: 'sent', outcome: null, funding: null });
    return;
  }
  if (op.kind === 'log') {
    const acceptedAt = new Date(now.getTime() - op.hoursEarlier * 3_600_000);
    const expected = predictAcceptance(model, op.activity, londonDay(acceptedAt));
    const res = await h.call('POST', '/v1/referrals', {
      as: s.vcse,
      body: { activityId: activities[op.activity], clientRef: unique('CR'), source: 'vcse', externalRef: unique('JOY'), acceptedAt: acceptedAt.toISOString() },
    });
    // Accepted before any agreement covering the activity started: refused as bad input, not as unfunded.
    const starts = model.agreements.filter((a) => a.activity === null || a.activity === op.activity).map((a) => a.startsOn).sort();
    if (starts[0] !== undefined && londonDay(acceptedAt) < starts[0]) {
      expect({ status: res.status, path: res.body.errors?.[0]?.path }, `${label} ${JSON.stringify(res.body)}`).toEqual({ status: 400, path: '/acceptedAt' });
      return;
    }
    if ('code' in expected) {
      expect({ status: res.status, code: res.body.code }, `${label} ${JSON.stringify(res.body)}`).toEqual({ status: 409, code: expected.code });
      return;
    }
    expect(res.status, `${label} ${JSON.stringify(res.body)}`).toBe(201);
    expect(res.body).toMatchObject({ status: 'accepted', funding: { agreementId: expected.agreement.id, periodKey: expected.periodKey, tariffPence: expected.agreement.tariffPence } });
    model.referrals.push({ id: res.body.id, activity: op.activity, via: 'logged', status: 'accepted', outcome: null, funding: fund(model, expected.agreement, expected.periodKey) });
    return;
  }
  const suited = model.referrals.filter((r) => r.status === (op.kind === 'outcome' ? 'accepted' : 'sent'));
  const pool = op.fresh && suited.length > 0 ? suited : model.referrals;
  if (pool.length === 0) return;
  const ref = pool[op.pick % pool.length]!;
  const path = `/v1/referrals/${ref.id}/${op.kind}`;
  const said = (res: { status: number; body: any }) => `${label} on ${ref.status} ${ref.via} referral: ${res.status} ${JSON.stringify(res.body)}`;
  const refusedAs = (res: { status: number; body: any }, status: number, code: string) =>
    expect({ status: res.status, code: res.body.code }, said(res)).toEqual({ status, code });

  switch (op.kind) {
    case 'accept': {
      const res = await h.call('POST', path, { as: s.vcse });
      if (ref.status !== 'sent') return refusedAs(res, 409, 'invalid_transition');
      const expected = predictAcceptance(model, ref.activity, londonDay(now));
      if ('code' in expected) return refusedAs(res, 409, expected.code);
      expect(res.status, said(res)).toBe(200);
      expect(res.body).toMatchObject({ status: 'accepted', funding: { agreementId: expected.agreement.id, periodKey: expected.periodKey, tariffPence: expected.agreement.tariffPence } });
      ref.status = 'accepted';
      ref.funding = fund(model, expected.agreement, expected.periodKey);
      return;
    }
    case 'decline': {
      const res = await h.call('POST', path, { as: s.vcse, body: { reason: 'The group is full this month' } });
      if (ref.status !== 'sent') return refusedAs(res, 409, 'invalid_transition');
      expect(res.status, said(res)).toBe(200);
      expect(res.body).toMatchObject({ status: 'declined', funding: null });
      ref.status = 'declined';
      return;
    }
    case 'withdraw': {
      const res = await h.call('POST', path, { as: s.linkWorker });
      // A referral the VCSE logged itself was never this referrer's: it cannot see it.
      if (ref.via === 'logged') return refusedAs(res, 404, 'not_found');
      if (ref.status !== 'sent') return refusedAs(res, 409, 'invalid_transition');
      expect(res.status, said(res)).toBe(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', funding: null });
      ref.status = 'withdrawn';
      return;
    }
    case 'outcome': {
      const res = await h.call('POST', path, { as: s.vcse, body: { outcome: op.outcome } });
      if (ref.status !== 'accepted') return refusedAs(res, 409, 'invalid_transition');
      expect(res.status, said(res)).toBe(200);
      expect(res.body).toMatchObject({ status: 'accepted', outcome: op.outcome, funding: ref.funding });
      ref.outcome = op.outcome;
      return;
    }
  }
};

// ---- What must hold after every step -----------------------------------------------------------

const ledgerOf = async (fundId: string) => {
  const items: Record<string, any>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await h.table.store.doc.send(
      new QueryCommand({
        TableName: h.table.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :led)',
        ExpressionAttributeValues: { ':pk': `FUND#${fundId}`, ':led': 'LED#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

const checkAfterStep = async (world: World, context: string) => {
  const { s, model } = world;
  // The fund, as its manager sees it: total = available + reserved + paid, none negative, as modelled.
  const fundRes = await h.call('GET', `/v1/funds/${s.fundId}`, { as: s.manager });
  expect(fundRes.status).toBe(200);
  const f = fundRes.body as { totalPence: number; availablePence: number; reservedPence: number; paidPence: number };
  expect(f.availablePence, context).toBeGreaterThanOrEqual(0);
  expect(f.reservedPence, context).toBeGreaterThanOrEqual(0);
  expect(f.paidPence, context).toBeGreaterThanOrEqual(0);
  expect(f.availablePence + f.reservedPence + f.paidPence, context).toBe(f.totalPence);
  expect(f, context).toMatchObject({ totalPence: model.totalPence, reservedPence: model.reservedPence, availablePence: model.totalPence - model.reservedPence, paidPence: 0 });

  // The ledger balances: every movement a positive amount from one account to another, and the
  // accounts sum to the fund's figures.
  const movements = await ledgerOf(s.fundId);
  const accounts: Record<string, number> = { funding: 0, available: 0, reserved: 0, paid: 0 };
  for (const m of movements) {
    expect(m.amountPence, context).toBeGreaterThan(0);
    expect(m.from, context).not.toBe(m.to);
    accounts[m.from] = (accounts[m.from] ?? 0) - m.amountPence;
    accounts[m.to] = (accounts[m.to] ?? 0) + m.amountPence;
  }
  expect(Object.values(accounts).reduce((a, b) => a + b, 0), context).toBe(0);
  expect(accounts, context).toEqual({ funding: -f.totalPence, available: f.availablePence, reserved: f.reservedPence, paid: f.paidPence });
  const fundedTariffs = model.referrals.filter((r) => r.funding && model.agreements.find((a) => a.id === r.funding!.agreementId)!.kind === 'per_referral');
  expect(movements.filter((m) => m.kind === 'tariff_reserved').length, context).toBe(fundedTariffs.length);

  // This period's use of each agreement, as the fund manager sees it.
  const listed = await h.call('GET', `/v1/funds/${s.fundId}/agreements`, { as: s.manager });
  expect(listed.status).toBe(200);
  const today = londonDay(now);
  for (const agreement of model.agreements) {
    const shown = listed.body.items.find((a: { id: string }) => a.id === agreement.id);
    if (today < agreement.startsOn || today > agreement.endsOn) {
      expect(shown.currentPeriod, `${context} ${agreement.name}`).toBeNull();
      continue;
    }
    const key = periodOf(agreement.period, today);
    const used = model.used.get(`${agreement.id}#${key}`) ?? 0;
    expect(shown.currentPeriod, `${context} ${agreement.name}`).toEqual({ key, used, capacity: agreement.capacity });
    if (agreement.capacity !== null) expect(used).toBeLessThanOrEqual(agreement.capacity);
  }
};

/** At the end of a run: every referral as modelled, and every agreement-period counter exactly as counted. */
const checkAtEnd = async (world: World) => {
  const { s, model } = world;
  const seen = new Map<string, any>();
  let cursor: string | null = null;
  do {
    const res: { status: number; body: any } = await h.call('GET', `/v1/referrals?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: s.vcse });
    expect(res.status).toBe(200);
    for (const item of res.body.items) seen.set(item.id, item);
    cursor = res.body.nextCursor;
  } while (cursor);
  expect(seen.size).toBe(model.referrals.length);
  for (const ref of model.referrals) {
    expect(seen.get(ref.id), `referral ${ref.id}`).toMatchObject({ status: ref.status, outcome: ref.outcome, funding: ref.funding ? expect.objectContaining(ref.funding) : null });
  }
  for (const agreement of model.agreements) {
    const counters = await h.table.store.doc.send(
      new QueryCommand({
        TableName: h.table.store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :period)',
        ExpressionAttributeValues: { ':pk': `AGR#${agreement.id}`, ':period': 'PERIOD#' },
        ConsistentRead: true,
      }),
    );
    const actual = Object.fromEntries((counters.Items ?? []).map((c) => [c.periodKey, Number(c.used)]));
    const expected = Object.fromEntries([...model.used].filter(([k]) => k.startsWith(`${agreement.id}#`)).map(([k, v]) => [k.split('#')[1], v]));
    expect(actual, agreement.name).toEqual(expected);
  }
  await checkInvariants(h.table.store);
};

describe('Ledger property: referrals across agreements and periods', () => {
  it('the London clock instants used below fall on the days the model expects', () => {
    expect(INSTANTS.map((i) => londonDay(new Date(i.at)))).toEqual(INSTANTS.map((i) => i.london));
    expect(periodOf('quarter', '2026-10-01')).toBe('2026-Q4');
  });

  it(
    'keeps every fund balanced, every ledger in step and every agreement-period within capacity, whatever the sequence',
    async () => {
      await fc.assert(
        fc.asyncProperty(setupArb, fc.array(opArb, { minLength: 10, maxLength: 25, size: 'max' }), async (setup, ops) => {
          const world = await buildWorld(setup);
          const clock = { index: setup.startAt };
          await checkAfterStep(world, 'after setup');
          for (const [i, op] of ops.entries()) {
            await step(world, op, clock);
            await checkAfterStep(world, `after step ${i} ${JSON.stringify(op)} at ${now.toISOString()}`);
          }
          await checkAtEnd(world);
        }),
        { numRuns: 20, interruptAfterTimeLimit: 100_000, markInterruptAsFailure: false },
      );
    },
    120_000,
  );
});
