// The authorisation matrix, generated from the route table (the OpenAPI document the app serves):
// every operation × every role × own, foreign and made-up resource, and every bad token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { BAD_TOKENS } from '../support/hostile-tokens.js';
import { recordFigures } from '../support/hostile-figures.js';
import { callerIn, createHostileHarness, createWorld, madeUpId, organisationIn, routeTable, type HostileHarness, type Operation, type World } from '../support/hostile-world.js';

/** The resource a cell asks about: the caller's own, another organisation's, or one that exists nowhere. */
interface Ids {
  org: string;
  fund: string;
  run: string;
  ref: string;
}
interface Req {
  path: string;
  body?: unknown;
}
type Outcome = 'ok' | 'forbidden' | 'not_found';
/** One outcome for a route without a resource; [own, foreign] for one with. A made-up resource answers as a foreign one that is refused, else 404. */
type Cell = Outcome | readonly [Outcome, Outcome];

const OK = 'ok', NO = 'forbidden', NF = 'not_found';
const ALL_OK = { admin: OK, fund_manager: OK, vcse: OK, link_worker: OK, commissioner: OK } as const;
/** Funds, runs, reports and the audit trail: their managers and commissioners; admins, VCSEs and link workers never. */
const FUND_READ = { admin: [NO, NO], fund_manager: [OK, NF], vcse: [NO, NO], link_worker: [NO, NO], commissioner: [OK, OK] } as const;
const FUND_MANAGE = { admin: [NO, NO], fund_manager: [OK, NF], vcse: [NO, NO], link_worker: [NO, NO], commissioner: [NO, NO] } as const;
const ONLY = (role: Role): Record<Role, Cell> => ({ admin: NO, fund_manager: NO, vcse: NO, link_worker: NO, commissioner: NO, [role]: OK });
/** Answering a referral: the activity's VCSE only; another VCSE's referral is unseen (404). */
const ANSWER = { admin: [NO, NO], fund_manager: [NO, NO], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [NO, NO] } as const;

/** The expectations, one row per operation: what a reviewer reads to know who may do what. */
const MATRIX: Record<string, { request: (ids: Ids, own: World) => Req; roles: Record<Role, Cell> }> = {
  'GET /health': { request: () => ({ path: '/health' }), roles: ALL_OK },
  'GET /.well-known/jwks.json': { request: () => ({ path: '/.well-known/jwks.json' }), roles: ALL_OK },
  'POST /v1/dev/token': { request: () => ({ path: '/v1/dev/token', body: { sub: 'demo', roles: ['vcse'] } }), roles: ALL_OK },
  'POST /v1/organisations': { request: () => ({ path: '/v1/organisations', body: { name: 'Matrix Org', kind: 'vcse' } }), roles: ONLY('admin') },
  'GET /v1/organisations/{id}': {
    request: (r) => ({ path: `/v1/organisations/${r.org}` }),
    roles: { admin: [OK, OK], fund_manager: [OK, OK], vcse: [OK, NF], link_worker: [OK, NF], commissioner: [OK, OK] },
  },
  'POST /v1/organisations/{id}/stripe-onboarding': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/stripe-onboarding` }),
    roles: { admin: [NO, NO], fund_manager: [NO, NO], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [NO, NO] },
  },
  'POST /v1/activities': { request: () => ({ path: '/v1/activities', body: { name: 'Matrix walk', category: 'physical_activity' } }), roles: ONLY('vcse') },
  'GET /v1/activities': { request: () => ({ path: '/v1/activities' }), roles: ALL_OK },
  'POST /v1/funds': {
    request: () => ({ path: '/v1/funds', body: { name: 'Matrix fund', totalPence: 1_000, startsOn: '2026-01-01', endsOn: '2026-12-31' } }),
    roles: ONLY('fund_manager'),
  },
  'GET /v1/funds/{id}': { request: (r) => ({ path: `/v1/funds/${r.fund}` }), roles: FUND_READ },
  'POST /v1/funds/{id}/agreements': {
    request: (r, own) => ({
      path: `/v1/funds/${r.fund}/agreements`,
      body: { organisationId: own.vcseOrgId, kind: 'per_referral', tariffPence: 100, period: 'month', startsOn: '2026-01-01', endsOn: '2026-12-31' },
    }),
    roles: FUND_MANAGE,
  },
  'GET /v1/funds/{id}/agreements': {
    request: (r) => ({ path: `/v1/funds/${r.fund}/agreements` }),
    roles: { admin: [NO, NO], fund_manager: [OK, NF], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [OK, OK] },
  },
  'POST /v1/referrals': {
    request: (_r, own) => ({ path: '/v1/referrals', body: { activityId: own.activityId, clientRef: 'CR-MATRIX-1', source: 'gp' } }),
    roles: { admin: NO, fund_manager: NO, vcse: OK, link_worker: OK, commissioner: NO },
  },
  'GET /v1/referrals': { request: () => ({ path: '/v1/referrals' }), roles: ALL_OK },
  'GET /v1/referrals/{id}': {
    request: (r) => ({ path: `/v1/referrals/${r.ref}` }),
    roles: { admin: [OK, OK], fund_manager: [OK, NF], vcse: [OK, NF], link_worker: [OK, NF], commissioner: [OK, OK] },
  },
  'POST /v1/referrals/{id}/accept': { request: (r) => ({ path: `/v1/referrals/${r.ref}/accept` }), roles: ANSWER },
  'POST /v1/referrals/{id}/decline': { request: (r) => ({ path: `/v1/referrals/${r.ref}/decline`, body: { reason: 'Full this month' } }), roles: ANSWER },
  'POST /v1/referrals/{id}/outcome': { request: (r) => ({ path: `/v1/referrals/${r.ref}/outcome`, body: { outcome: 'attended' } }), roles: ANSWER },
  'POST /v1/referrals/{id}/withdraw': {
    request: (r) => ({ path: `/v1/referrals/${r.ref}/withdraw` }),
    roles: { admin: [NO, NO], fund_manager: [NO, NO], vcse: [NO, NO], link_worker: [OK, NF], commissioner: [NO, NO] },
  },
  'POST /v1/funds/{id}/payout-runs': { request: (r) => ({ path: `/v1/funds/${r.fund}/payout-runs`, body: { through: '2026-01-01' } }), roles: FUND_MANAGE },
  'GET /v1/payout-runs/{id}': { request: (r) => ({ path: `/v1/payout-runs/${r.run}` }), roles: FUND_READ },
  'POST /v1/payout-runs/{id}/approve': { request: (r) => ({ path: `/v1/payout-runs/${r.run}/approve` }), roles: FUND_MANAGE },
  'POST /v1/payout-runs/{id}/retry': { request: (r) => ({ path: `/v1/payout-runs/${r.run}/retry` }), roles: FUND_MANAGE },
  'GET /v1/reports/spend': { request: (r) => ({ path: `/v1/reports/spend?fundId=${r.fund}` }), roles: FUND_READ },
  'GET /v1/reports/capacity': { request: (r) => ({ path: `/v1/reports/capacity?fundId=${r.fund}` }), roles: FUND_READ },
  'GET /v1/audit': { request: (r) => ({ path: `/v1/audit?fundId=${r.fund}` }), roles: FUND_READ },
  'GET /v1/audit/verify': {
    request: (r) => ({ path: `/v1/audit/verify?fundId=${r.fund}` }),
    roles: { admin: [NO, NO], fund_manager: [NO, NO], vcse: [NO, NO], link_worker: [NO, NO], commissioner: [OK, OK] },
  },
  'GET /v1/exports/spend.csv': { request: (r) => ({ path: `/v1/exports/spend.csv?fundId=${r.fund}` }), roles: { ...FUND_READ, fund_manager: [NO, NO] } },
  'GET /v1/exports/360giving.json': { request: (r) => ({ path: `/v1/exports/360giving.json?fundId=${r.fund}` }), roles: { ...FUND_READ, fund_manager: [NO, NO] } },
  'GET /v1/exports/openreferral.json': { request: () => ({ path: '/v1/exports/openreferral.json' }), roles: ALL_OK },
};

let hh: HostileHarness;
let a: World;
let b: World;
let operations: Operation[];
beforeAll(async () => {
  hh = await createHostileHarness();
  [a, b] = [await createWorld(hh.h), await createWorld(hh.h)];
  ({ operations } = await routeTable(hh.h));
});
afterAll(() => hh.h.close());

const idsIn = (w: World, role: Role): Ids => ({ org: organisationIn(w, role), fund: w.fundId, run: w.runId, ref: w.referralId });
const MADE_UP: Ids = { org: madeUpId('org'), fund: madeUpId('fund'), run: madeUpId('run'), ref: madeUpId('ref') };

const send = async (op: Operation, req: Req, headers: Record<string, string>) => {
  const res = await hh.h.call(op.method, req.path, { headers, ...(req.body !== undefined ? { body: req.body } : {}) });
  // 503 is a deployment without Stripe or payouts configured, after every access check passed.
  expect([500, 501, 502, 504], `${op.key} answered ${res.status}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
  return res;
};
const outcomeOf = (status: number): Outcome | 'unauthenticated' =>
  status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'ok';
/** What a caller can compare between two refusals: status, code and title (never ids or request ids). */
const shapeOf = (res: { status: number; body: any }) => ({ status: res.status, code: res.body?.code, title: res.body?.title });

describe('The authorisation matrix', () => {
  it('has a row for every operation in the route table, and no row for one that is gone', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(operations.map((op) => op.key).sort());
  });

  it('answers every role, for its own, a foreign and a made-up resource, as the table says; foreign and made-up alike', async () => {
    const cells: string[] = [];
    for (const op of operations) {
      const row = MATRIX[op.key]!;
      for (const role of ROLES) {
        const cell = row.roles[role];
        const token = { authorization: `Bearer ${await hh.issuer.token(callerIn(a, role))}` };
        const [own, foreign] = typeof cell === 'string' ? [cell] : cell;
        const mine = await send(op, row.request(idsIn(a, role), a), token);
        cells.push(`${op.key} ${role} own`);
        expect(`${op.key} as ${role}, own: ${outcomeOf(mine.status)}`).toBe(`${op.key} as ${role}, own: ${own}`);
        if (foreign === undefined) continue;
        const theirs = await send(op, row.request(idsIn(b, role), a), token);
        const madeUp = await send(op, row.request(MADE_UP, a), token);
        cells.push(`${op.key} ${role} foreign`, `${op.key} ${role} made-up`);
        expect(`${op.key} as ${role}, foreign: ${outcomeOf(theirs.status)}`).toBe(`${op.key} as ${role}, foreign: ${foreign}`);
        if (foreign === OK) expect(`${op.key} as ${role}, made-up: ${outcomeOf(madeUp.status)}`).toBe(`${op.key} as ${role}, made-up: not_found`);
        else expect({ cell: `${op.key} as ${role}, made-up`, ...shapeOf(madeUp) }).toEqual({ cell: `${op.key} as ${role}, made-up`, ...shapeOf(theirs) });
      }
    }
    recordFigures({ matrixCells: cells.length, requests: cells.length });
  });

  it('refuses every bad token with 401 on every signed-in route, and ignores it on every public one', async () => {
    let cells = 0;
    for (const op of operations) {
      const row = MATRIX[op.key]!;
      const req = row.request(idsIn(a, 'fund_manager'), a);
      const anonymous = await send(op, req, {});
      for (const kind of BAD_TOKENS) {
        const res = await send(op, req, await hh.issuer.badHeader(callerIn(a, 'link_worker'), kind));
        cells += 1;
        const expected = op.signedIn ? 401 : anonymous.status;
        expect(`${op.key} with a ${kind} token: ${res.status}`).toBe(`${op.key} with a ${kind} token: ${expected}`);
        if (op.signedIn) expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    recordFigures({ matrixCells: cells, requests: cells + operations.length });
  });
});
