// The authorisation matrix's expectations, one row per operation of the route table: who may do what,
// to their own, another organisation's and a made-up resource, and a request each row can send.
import type { Role } from '../../shared/domain/roles.js';
import type { World } from './hostile-world.js';
import { yearsAroundToday } from './today.js';

/** The resource a cell asks about: the caller's own, another organisation's, or one that exists nowhere. */
export interface Ids {
  org: string;
  fund: string;
  run: string;
  ref: string;
  act: string;
  agr: string;
}
export interface Req {
  path: string;
  body?: unknown;
}
export type Outcome = 'ok' | 'forbidden' | 'not_found';
/** One outcome for a route without a resource; [own, foreign] for one with. A made-up resource answers as a foreign one that is refused, else 404. */
export type Cell = Outcome | readonly [Outcome, Outcome];

export const OK = 'ok', NO = 'forbidden', NF = 'not_found';
const ALL_OK = { admin: OK, fund_manager: OK, vcse: OK, link_worker: OK, commissioner: OK } as const;
/** Funds, runs, reports and the audit trail: their managers and commissioners; admins, VCSEs and link workers never. */
const FUND_READ = { admin: [NO, NO], fund_manager: [OK, NF], vcse: [NO, NO], link_worker: [NO, NO], commissioner: [OK, OK] } as const;
const FUND_MANAGE = { admin: [NO, NO], fund_manager: [OK, NF], vcse: [NO, NO], link_worker: [NO, NO], commissioner: [NO, NO] } as const;
const ONLY = (role: Role): Record<Role, Cell> => ({ admin: NO, fund_manager: NO, vcse: NO, link_worker: NO, commissioner: NO, [role]: OK });
/** Answering a referral: the activity's VCSE only; another VCSE's referral is unseen (404). */
const ANSWER = { admin: [NO, NO], fund_manager: [NO, NO], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [NO, NO] } as const;

/** The expectations, one row per operation: what a reviewer reads to know who may do what. */
export const MATRIX: Record<string, { request: (ids: Ids, own: World) => Req; roles: Record<Role, Cell> }> = {
  'GET /health': { request: () => ({ path: '/health' }), roles: ALL_OK },
  'GET /.well-known/jwks.json': { request: () => ({ path: '/.well-known/jwks.json' }), roles: ALL_OK },
  'POST /v1/dev/token': { request: () => ({ path: '/v1/dev/token', body: { sub: 'demo', roles: ['vcse'] } }), roles: ALL_OK },
  'POST /v1/organisations': { request: () => ({ path: '/v1/organisations', body: { name: 'Matrix Org', kind: 'vcse' } }), roles: ONLY('admin') },
  'GET /v1/organisations/{id}': {
    request: (r) => ({ path: `/v1/organisations/${r.org}` }),
    // Another VCSE is a provider in the directory: its public profile is for everyone (a referrer's is not).
    roles: { admin: [OK, OK], fund_manager: [OK, OK], vcse: [OK, OK], link_worker: [OK, NF], commissioner: [OK, OK] },
  },
  'POST /v1/organisations/{id}/stripe-onboarding': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/stripe-onboarding` }),
    roles: { admin: [NO, NO], fund_manager: [NO, NO], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [NO, NO] },
  },
  'POST /v1/activities': { request: () => ({ path: '/v1/activities', body: { name: 'Matrix walk', category: 'physical_activity' } }), roles: ONLY('vcse') },
  'GET /v1/activities': { request: () => ({ path: '/v1/activities' }), roles: ALL_OK },
  'POST /v1/funds': {
    request: () => ({ path: '/v1/funds', body: { name: 'Matrix fund', totalPence: 1_000, ...yearsAroundToday() } }),
    roles: ONLY('fund_manager'),
  },
  'GET /v1/funds/{id}': { request: (r) => ({ path: `/v1/funds/${r.fund}` }), roles: FUND_READ },
  'POST /v1/funds/{id}/agreements': {
    request: (r, own) => ({
      path: `/v1/funds/${r.fund}/agreements`,
      body: { organisationId: own.vcseOrgId, kind: 'per_referral', tariffPence: 100, period: 'month', ...yearsAroundToday() },
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
  'GET /v1/exports/spend.csv': { request: (r) => ({ path: `/v1/exports/spend.csv?fundId=${r.fund}` }), roles: FUND_READ },
  'GET /v1/exports/360giving.json': { request: (r) => ({ path: `/v1/exports/360giving.json?fundId=${r.fund}` }), roles: FUND_READ },
  'GET /v1/dev/users': { request: () => ({ path: '/v1/dev/users' }), roles: ALL_OK },
  'GET /v1/organisations': {
    request: () => ({ path: '/v1/organisations' }),
    roles: { admin: OK, fund_manager: OK, vcse: NO, link_worker: NO, commissioner: OK },
  },
  'GET /v1/organisations/{id}/agreements': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/agreements` }),
    roles: { admin: [NO, NO], fund_manager: [OK, OK], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [OK, OK] },
  },
  'GET /v1/organisations/{id}/statement': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/statement` }),
    roles: { admin: [NO, NO], fund_manager: [OK, OK], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [OK, OK] },
  },
  'GET /v1/organisations/{id}/members': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/members` }),
    roles: { admin: [OK, OK], fund_manager: [NO, NF], vcse: [NO, NF], link_worker: [NO, NF], commissioner: [NO, NF] },
  },
  'POST /v1/organisations/{id}/members': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/members`, body: { email: 'matrix.person@example.org', role: 'vcse' } }),
    roles: { admin: [OK, OK], fund_manager: [NO, NF], vcse: [NO, NF], link_worker: [NO, NF], commissioner: [NO, NF] },
  },
  'DELETE /v1/organisations/{id}/members/{sub}': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/members/nobody-matrix` }),
    // The admin gets past every check and finds no such member: 404, as for any missing person.
    roles: { admin: [NF, NF], fund_manager: [NO, NF], vcse: [NO, NF], link_worker: [NO, NF], commissioner: [NO, NF] },
  },
  'GET /v1/activities/{id}': { request: (r) => ({ path: `/v1/activities/${r.act}` }), roles: { admin: [OK, OK], fund_manager: [OK, OK], vcse: [OK, OK], link_worker: [OK, OK], commissioner: [OK, OK] } },
  'PATCH /v1/activities/{id}': {
    request: (r) => ({ path: `/v1/activities/${r.act}`, body: { name: 'Matrix walk, renamed' } }),
    roles: { admin: [NO, NO], fund_manager: [NO, NO], vcse: [OK, NF], link_worker: [NO, NO], commissioner: [NO, NO] },
  },
  'GET /v1/funds': { request: () => ({ path: '/v1/funds' }), roles: { admin: NO, fund_manager: OK, vcse: NO, link_worker: NO, commissioner: OK } },
  'GET /v1/funds/{id}/payout-runs': { request: (r) => ({ path: `/v1/funds/${r.fund}/payout-runs` }), roles: FUND_READ },
  'POST /v1/agreements/{id}/end': { request: (r) => ({ path: `/v1/agreements/${r.agr}/end` }), roles: FUND_MANAGE },
  'POST /v1/payout-runs/{id}/discard': { request: (r) => ({ path: `/v1/payout-runs/${r.run}/discard` }), roles: FUND_MANAGE },
  'GET /v1/organisations/{id}/notification-settings': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/notification-settings` }),
    roles: { admin: [OK, OK], fund_manager: [OK, NF], vcse: [OK, NF], link_worker: [OK, NF], commissioner: [OK, NF] },
  },
  'PUT /v1/organisations/{id}/notification-settings': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/notification-settings`, body: { addresses: [] } }),
    // Commissioners read everything and write nothing: refused before the organisation is read.
    roles: { admin: [OK, OK], fund_manager: [OK, NF], vcse: [OK, NF], link_worker: [OK, NF], commissioner: [NO, NO] },
  },
  'GET /v1/organisations/{id}/undelivered-emails': {
    request: (r) => ({ path: `/v1/organisations/${r.org}/undelivered-emails` }),
    // Its own members fix its addresses; fund managers chase a VCSE organisation that cannot be reached (the other world's fund manager is not one).
    roles: { admin: [OK, OK], fund_manager: [OK, NF], vcse: [OK, NF], link_worker: [OK, NF], commissioner: [OK, NF] },
  },
  'GET /v1/undelivered-emails': { request: () => ({ path: '/v1/undelivered-emails' }), roles: { ...ONLY('fund_manager'), admin: OK } },
  'GET /v1/funds/{id}/notification-settings': { request: (r) => ({ path: `/v1/funds/${r.fund}/notification-settings` }), roles: FUND_READ },
  'PUT /v1/funds/{id}/notification-settings': { request: (r) => ({ path: `/v1/funds/${r.fund}/notification-settings`, body: { reminderDaysBefore: [3, 1] } }), roles: FUND_MANAGE },
  'GET /v1/exports/openreferral.json': { request: () => ({ path: '/v1/exports/openreferral.json' }), roles: ALL_OK },
};
