// What every bench table starts from, made through the API: a fund manager's fund, VCSEs with activities and tariffs, a referrer.
import type { BenchApp, Caller } from './platform.js';
import { timedEach } from './stats.js';
import { yearsAroundToday } from '../test/support/today.js';

export interface Scenario {
  readonly admin: Caller;
  readonly manager: Caller;
  readonly commissioner: Caller;
  readonly linkWorker: Caller;
  readonly fundId: string;
  readonly vcses: readonly { readonly caller: Caller; readonly organisationId: string; readonly activityIds: readonly string[] }[];
  readonly referrerOrganisationId: string;
  readonly tariffPence: number;
  /** The fund's and agreements' first day: the start of last year, so a year of history falls inside them. */
  readonly startsOn: string;
}

const TARIFF_PENCE = 2_500;

/** Answers 2xx or stops the bench with what the API said: a setup that failed would measure nothing. */
const ok = async (call: Promise<{ status: number; body: any }>, what: string) => {
  const { status, body } = await call;
  if (status >= 300) throw new Error(`Bench setup: ${what} answered ${status} ${JSON.stringify(body)}`);
  return body;
};

export const createScenario = async (bench: BenchApp, shape: { vcses: number; activitiesEach: number }): Promise<Scenario> => {
  const { startsOn, endsOn } = yearsAroundToday();
  const admin: Caller = { sub: 'bench-admin', roles: ['admin'] };
  const organisation = async (name: string, kind: string) => (await ok(bench.call('POST', '/v1/organisations', admin, { name, kind }), `creating ${name}`)).id as string;
  const managerOrg = await organisation('Bench Voluntary Action', 'fund_manager');
  const manager: Caller = { sub: 'bench-fund-manager', roles: ['fund_manager'], organisationId: managerOrg };
  const commissionerOrg = await organisation('Bench Integrated Care Board', 'commissioner');
  const fund = await ok(bench.call('POST', '/v1/funds', manager, { name: 'Bench fund', totalPence: 100_000_000_000, startsOn, endsOn }), 'creating the fund');
  const referrerOrganisationId = await organisation('Bench Primary Care Network', 'referrer');
  const vcses = [];
  for (let v = 0; v < shape.vcses; v += 1) {
    const organisationId = await organisation(`Bench Community Group ${v + 1}`, 'vcse');
    const caller: Caller = { sub: `bench-vcse-${v + 1}`, roles: ['vcse'], organisationId };
    const activityIds: string[] = [];
    for (let a = 0; a < shape.activitiesEach; a += 1) {
      activityIds.push((await ok(bench.call('POST', '/v1/activities', caller, { name: `Bench walk ${v + 1}.${a + 1}`, category: 'physical_activity' }), 'creating an activity')).id);
    }
    await ok(
      bench.call('POST', `/v1/funds/${fund.id}/agreements`, manager, { organisationId, kind: 'per_referral', tariffPence: TARIFF_PENCE, period: 'month', startsOn, endsOn }),
      'creating an agreement',
    );
    vcses.push({ caller, organisationId, activityIds });
  }
  return {
    admin,
    manager,
    commissioner: { sub: 'bench-commissioner', roles: ['commissioner'], organisationId: commissionerOrg },
    linkWorker: { sub: 'bench-link-worker', roles: ['link_worker'], organisationId: referrerOrganisationId },
    fundId: fund.id,
    vcses,
    referrerOrganisationId,
    tariffPence: TARIFF_PENCE,
    startsOn,
  };
};

/** `count` referrals sent by the link worker through the API (not timed), to the first VCSE's first activity. */
export const sendReferrals = async (bench: BenchApp, scenario: Scenario, count: number): Promise<string[]> => {
  const ids: string[] = [];
  const activityId = scenario.vcses[0]!.activityIds[0]!;
  await timedEach(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
    const body = await ok(bench.call('POST', '/v1/referrals', scenario.linkWorker, { activityId, clientRef: `BENCH-${i}`, source: 'gp', pcnOdsCode: 'U12345' }), 'sending a referral');
    ids.push(body.id as string);
  });
  return ids;
};
