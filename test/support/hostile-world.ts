// Two organisations' worlds side by side (funds, VCSEs, referrers, commissioners, runs), a harness that
// also trusts the hostile issuer, and the route table read from the OpenAPI document the app serves.
import { expect } from 'vitest';
import type { Role } from '../../shared/domain/roles.js';
import { applyAccountState, linkStripeAccount } from '../../shared/store/stripe-accounts.js';
import { ADMIN, createAgreement, createOrganisation, createScenario, sendReferral, userOf, type Scenario } from './builders.js';
import { createHarness, type Caller, type Harness } from './harness.js';
import { createHostileIssuer, type HostileIssuer } from './hostile-tokens.js';
import { londonDate } from '../../shared/domain/periods.js';

export interface World extends Scenario {
  readonly commissionerOrgId: string;
  readonly agreementId: string;
  readonly referralId: string;
  readonly runId: string;
}

/** The VCSE as if it had finished Stripe onboarding (no Stripe here): linked, then account.updated applied. */
export const enablePayouts = async (h: Harness, organisationId: string) => {
  const { store, ids } = h.deps;
  const at = new Date().toISOString();
  const accountId = `acct_${organisationId.slice(-16)}`;
  await linkStripeAccount(store, organisationId, accountId, { at, actor: 'matrix', eventId: ids('event', new Date()) });
  await applyAccountState(store, organisationId, { accountId, payoutsEnabled: true, transfersCapability: 'active' }, { at, actor: 'stripe', eventId: ids('event', new Date()), stripeEventId: `evt_${organisationId}` });
};

/** One fund manager's world: a fund paying a VCSE per referral, an accepted referral and a draft run. */
export const createWorld = async (h: Harness): Promise<World> => {
  const s = await createScenario(h);
  const agreement = await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  const referral = await sendReferral(h, s);
  expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
  await enablePayouts(h, s.vcseOrgId);
  const run = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const commissioning = await createOrganisation(h, 'commissioner');
  return { ...s, commissionerOrgId: commissioning.id, agreementId: agreement.id, referralId: referral.id, runId: run.body.id };
};

/** Who acts for each role in a world (the fund manager is not the run's creator, so four eyes pass). */
export const callerIn = (w: World, role: Role): Caller =>
  ({
    admin: ADMIN,
    fund_manager: w.secondManager,
    vcse: w.vcse,
    link_worker: w.linkWorker,
    commissioner: userOf(w.commissionerOrgId, 'commissioner'),
  })[role];

/** The caller's own organisation in a world, or the VCSE's for an admin (who belongs to none). */
export const organisationIn = (w: World, role: Role): string =>
  ({ admin: w.vcseOrgId, fund_manager: w.fundManagerOrgId, vcse: w.vcseOrgId, link_worker: w.referrerOrgId, commissioner: w.commissionerOrgId })[role];

/** Ids that look real and exist nowhere. */
export const madeUpId = (prefix: string) => `${prefix}_01JF${'0'.repeat(21)}Z`;

export interface HostileHarness {
  readonly h: Harness;
  readonly issuer: HostileIssuer;
}

/** A harness whose verifier trusts the hostile issuer (audience checked) and, for the builders, the local one. */
export const createHostileHarness = async (): Promise<HostileHarness> => {
  const issuer = await createHostileIssuer();
  const h = await createHarness((base) => ({
    verifier: {
      async verify(token: string) {
        try {
          return await issuer.verifier.verify(token);
        } catch {
          return base.verifier.verify(token);
        }
      },
    },
  }));
  return { h, issuer };
};

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly key: string;
  readonly signedIn: boolean;
  readonly query: readonly string[];
  readonly hasBody: boolean;
  readonly document: Record<string, any>;
}

/** Every operation of the OpenAPI document the app serves: the route table as its callers see it. */
export const routeTable = async (h: Harness): Promise<{ operations: Operation[]; document: Record<string, any> }> => {
  const res = await h.call('GET', '/openapi.json');
  expect(res.status).toBe(200);
  const document = res.body as Record<string, any>;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(methods)) {
      operations.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        signedIn: Array.isArray(op.security) && op.security.length > 0,
        query: (op.parameters ?? []).filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name),
        hasBody: op.requestBody !== undefined,
        document: op,
      });
    }
  }
  return { operations, document };
};
