// Builders for the people and things tests need, created through the API as a user would.
import { expect } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Caller, Harness } from './harness.js';
import type { Role } from '../../shared/domain/roles.js';
import { yearsAroundToday } from './today.js';

export const ADMIN: Caller = { sub: 'admin-1', roles: ['admin'] };

let counter = 0;
export { unique };
// Joined with a hyphen, so a unique 'CR' is also a valid client reference (no spaces, a digit).
const unique = (label: string) => `${label}-${++counter}`;

export const userOf = (organisationId: string, role: Role, sub = `${role}-${organisationId}`): Caller => ({
  sub,
  roles: [role],
  organisationId,
});

/** The body a VCSE sends to log a referral it accepted through another platform at `acceptedAt`. */
export const loggedReferralBody = (activityId: string, acceptedAt: string, extra: Record<string, unknown> = {}) => ({
  activityId,
  clientRef: unique('CR'),
  source: 'vcse',
  externalRef: unique('JOY'),
  acceptedAt,
  ...extra,
});

export const createOrganisation = async (
  h: Harness,
  kind: 'vcse' | 'referrer' | 'fund_manager' | 'commissioner' = 'vcse',
  extra: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> => {
  const res = await h.call('POST', '/v1/organisations', { as: ADMIN, body: { name: unique(`Org ${kind}`), kind, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

export const createActivity = async (
  h: Harness,
  organisationId: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; organisationId: string; category: string }> => {
  const res = await h.call('POST', '/v1/activities', {
    as: userOf(organisationId, 'vcse'),
    body: { name: unique('Walking group'), category: 'physical_activity', ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

/** Every item in the harness's table, to prove a refused request wrote nothing. */
export const tableSnapshot = async (h: Harness): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await h.table.store.doc.send(new ScanCommand({ TableName: h.table.store.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
};

export interface Scenario {
  readonly manager: Caller;
  readonly secondManager: Caller;
  readonly fundId: string;
  readonly fundManagerOrgId: string;
  readonly vcseOrgId: string;
  readonly vcse: Caller;
  readonly activityId: string;
  readonly referrerOrgId: string;
  readonly linkWorker: Caller;
}

/** A fund manager with a fund, a VCSE with an activity, and a referrer with a link worker. */
export const createScenario = async (h: Harness, fund: { totalPence?: number; startsOn?: string; endsOn?: string; responseDeadlineDays?: number } = {}): Promise<Scenario> => {
  const mva = await createOrganisation(h, 'fund_manager');
  const manager = userOf(mva.id, 'fund_manager', `fm-1-${mva.id}`);
  const created = await h.call('POST', '/v1/funds', {
    as: manager,
    body: { name: unique('Health Inequalities Fund'), totalPence: 30_000_000, ...yearsAroundToday(h.deps.clock()), ...fund },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const vcseOrg = await createOrganisation(h, 'vcse');
  const activity = await createActivity(h, vcseOrg.id);
  const referrer = await createOrganisation(h, 'referrer');
  return {
    manager,
    secondManager: userOf(mva.id, 'fund_manager', `fm-2-${mva.id}`),
    fundId: created.body.id,
    fundManagerOrgId: mva.id,
    vcseOrgId: vcseOrg.id,
    vcse: userOf(vcseOrg.id, 'vcse'),
    activityId: activity.id,
    referrerOrgId: referrer.id,
    linkWorker: userOf(referrer.id, 'link_worker'),
  };
};

export const createAgreement = async (h: Harness, s: Scenario, body: Record<string, unknown>) => {
  const res = await h.call('POST', `/v1/funds/${s.fundId}/agreements`, {
    as: s.manager,
    body: { organisationId: s.vcseOrgId, period: 'month', ...yearsAroundToday(h.deps.clock()), ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
};

export const sendReferral = async (h: Harness, s: Scenario, extra: Record<string, unknown> = {}) => {
  const res = await h.call('POST', '/v1/referrals', {
    as: s.linkWorker,
    body: { activityId: s.activityId, clientRef: unique('CR'), source: 'gp', ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string; respondBy: string | null };
};

export const readFund = async (h: Harness, s: Scenario) => (await h.call('GET', `/v1/funds/${s.fundId}`, { as: s.manager })).body as {
  totalPence: number;
  availablePence: number;
  reservedPence: number;
  paidPence: number;
};

/**
 * A scenario whose fund also pays a second VCSE organisation (with an activity of its own), both on
 * a £20 per-referral tariff: what tenancy tests need to show one VCSE never sees the other's referrals.
 */
export const createTwoProviderScenario = async (h: Harness) => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });
  const otherVcseOrgId = (await createOrganisation(h, 'vcse')).id;
  const otherActivityId = (await createActivity(h, otherVcseOrgId)).id;
  await createAgreement(h, s, { organisationId: otherVcseOrgId, kind: 'per_referral', tariffPence: 2_000 });
  return { s, otherVcseOrgId, otherActivityId };
};
