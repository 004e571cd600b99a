// Acceptance through HTTP against its floor (one TransactWrite), one at a time and 32 at once on one fund, interleaved.
import type { Agreement } from '../shared/domain/agreement.js';
import { organisationAgreements } from '../shared/store/funds.js';
import { getReferral } from '../shared/store/referrals.js';
import { floorAcceptanceItems, sendFloorTransaction } from './acceptance-floor.js';
import type { BenchApp } from './platform.js';
import { profiled } from './profile.js';
import type { BenchRow } from './row.js';
import { createScenario, sendReferrals, type Scenario } from './scenario.js';
import { percentile, time } from './stats.js';
import { benchRow } from './table.js';

export interface AcceptancePlan {
  readonly warmup: number;
  readonly oneAtATime: number;
  /** Rounds of 32 concurrent acceptances on one fund, for each of the project and the floor. */
  readonly rounds: number;
}

const AT_ONCE = 32;

interface Side {
  readonly accept: (referralId: string) => Promise<number>;
}

/** The project: `POST /v1/referrals/{id}/accept` through the composed app, with a bearer token; returns ms. */
const projectSide = (bench: BenchApp, scenario: Scenario): Side => ({
  async accept(referralId) {
    const { ms, value } = await time(() => bench.call('POST', `/v1/referrals/${referralId}/accept`, scenario.vcses[0]!.caller));
    if (value.status !== 200) throw new Error(`Bench: acceptance answered ${value.status} ${JSON.stringify(value.body)}`);
    return ms;
  },
});

/** The floor: the referral is read first (not timed), then only the one transaction is timed. */
const floorSide = (bench: BenchApp, agreement: Agreement, conflicts: { count: number }): Side => ({
  async accept(referralId) {
    const { store, ids } = bench.deps;
    const before = await getReferral(store, referralId);
    if (!before) throw new Error(`Bench: referral ${referralId} is missing`);
    const items = floorAcceptanceItems(store.tableName, before, agreement, { at: new Date().toISOString(), actor: 'bench-vcse-1', ids });
    const { ms, value } = await time(() => sendFloorTransaction(store, items));
    conflicts.count += value;
    return ms;
  },
});

/** One at a time, project and floor alternating (and which goes first alternating), so load on the machine falls on both alike. */
const oneAtATime = async (sides: readonly [Side, Side], queues: readonly [string[], string[]], count: number) => {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < count; i += 1) {
    for (const s of i % 2 === 0 ? [0, 1] : [1, 0]) samples[s]!.push(await sides[s]!.accept(queues[s]!.pop()!));
  }
  return samples;
};

/** 32 at once on one fund, a round of the project then a round of the floor (alternating which first). */
const atOnce = async (sides: readonly [Side, Side], queues: readonly [string[], string[]], rounds: number) => {
  const samples: [number[], number[]] = [[], []];
  for (let r = 0; r < rounds; r += 1) {
    for (const s of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const batch = queues[s]!.splice(0, AT_ONCE);
      samples[s]!.push(...(await Promise.all(batch.map((id) => sides[s]!.accept(id)))));
    }
  }
  return samples;
};

export const measureAcceptance = async (bench: BenchApp, plan: AcceptancePlan): Promise<BenchRow[]> => {
  const scenario = await createScenario(bench, { vcses: 1, activitiesEach: 1 });
  const agreement = (await organisationAgreements(bench.deps.store, scenario.vcses[0]!.organisationId))[0]!;
  const each = plan.warmup + plan.oneAtATime + plan.rounds * AT_ONCE;
  const sent = await sendReferrals(bench, scenario, each * 2);
  const queues: [string[], string[]] = [sent.slice(0, each), sent.slice(each)];
  const conflicts = { count: 0 };
  const sides = [projectSide(bench, scenario), floorSide(bench, agreement, conflicts)] as const;

  await oneAtATime(sides, queues, plan.warmup);
  const [project, floor] = await profiled('acceptance', () => oneAtATime(sides, queues, plan.oneAtATime));
  const [projectMany, floorMany] = await atOnce(sides, queues, plan.rounds);
  const samples = `${plan.oneAtATime} acceptances each, after ${plan.warmup} to warm up`;
  return [
    benchRow({ measure: 'acceptance p50 through HTTP, one at a time ÷ one TransactWrite', unit: 'ms', project: percentile(project, 50), floor: percentile(floor, 50), goal: 1.5, note: samples }),
    benchRow({ measure: 'acceptance p99, one at a time ÷ floor p99', unit: 'ms', project: percentile(project, 99), floor: percentile(floor, 99), goal: 2 }),
    benchRow({
      measure: 'acceptance p50, 32 at once on one fund ÷ floor at 32',
      unit: 'ms',
      project: percentile(projectMany, 50),
      floor: percentile(floorMany, 50),
      goal: 1.5,
      note: `${plan.rounds} rounds of ${AT_ONCE} each; the floor met ${conflicts.count} transaction conflict(s) and sent those again`,
    }),
  ];
};
