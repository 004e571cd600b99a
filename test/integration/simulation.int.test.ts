// A seeded, model-based simulation (in the spirit of TigerBeetle's VOPR): random sequences of sends,
// accepts, declines, expiries, logged referrals, runs, approvals, payments, reversals and webhooks, with
// dropped responses, duplicated requests and crashes injected, checked after every step against an
// in-memory model of the ledger, and by the invariant checker at the end. A failing seed prints the
// command that replays it exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/hostile-figures.js';
import { seededRandom } from '../support/model-random.js';
import { createPayoutHarness, type PayoutHarness } from '../support/payouts.js';
import { statementOf } from '../support/sim-model.js';
import { runStep, type SimContext } from '../support/sim-steps.js';
import { createSimClient, createSimWorld } from '../support/sim-world.js';

/** `SIM_SEED` replays one seed; `SIM_SEEDS` runs that many from 1; `SIM_STEPS` steps each; `SIM_TRACE=1` prints each step. */
const SEEDS = process.env.SIM_SEED ? [Number(process.env.SIM_SEED)] : Array.from({ length: Number(process.env.SIM_SEEDS ?? 2) }, (_, i) => i + 1);
const STEPS = Number(process.env.SIM_STEPS ?? 100);
/** Every referral and statement is checked this often (the fund and the step's referral after every step). */
const FULL_CHECK_EVERY = 25;

let h: PayoutHarness;
const figures = { requests: 0, faultsInjected: 0, simulationSteps: 0, seeds: [] as string[] };
beforeAll(async () => {
  h = await createPayoutHarness();
});
afterAll(async () => {
  recordFigures(figures);
  await h.close();
});

/** The fund's figures, and (on a full check) every referral's state and every organisation's statement. */
const check = async (ctx: SimContext, full: boolean) => {
  const { world, client } = ctx;
  const { model } = world;
  const fund = (await client.get(`/v1/funds/${world.s.fundId}`, world.s.manager)).body;
  expect({ available: fund.availablePence, reserved: fund.reservedPence, paid: fund.paidPence }, 'the fund').toEqual({
    available: model.availablePence,
    reserved: model.reservedPence,
    paid: model.paidPence,
  });
  const referrals = full ? model.referrals : model.referrals.slice(-1);
  for (const r of referrals) {
    const status = (await client.get(`/v1/referrals/${r.id}`, world.organisations[r.org]!.vcse)).body.status;
    expect(`${r.id} ${status}`, 'a referral').toBe(`${r.id} ${r.status}`);
  }
  if (!full) return;
  for (const [i, o] of model.organisations.entries()) {
    const totals = (await client.get(`/v1/organisations/${world.organisations[i]!.id}/statement`, world.organisations[i]!.vcse)).body.totals;
    expect({ earned: totals.earnedPence, held: totals.heldPence, paid: totals.paidPence }, `organisation ${i}'s statement`).toEqual({
      earned: statementOf(o).earnedPence,
      held: statementOf(o).heldPence,
      paid: statementOf(o).paidPence,
    });
  }
};

describe('Seeded model-based simulation', () => {
  it.each(SEEDS)('seed %i: every step leaves the ledger as the model says', async (seed) => {
    const world = await createSimWorld(h);
    const client = createSimClient(h);
    const ctx: SimContext = { h, world, client, random: seededRandom(seed), seed, step: 0, webhooks: 0 };
    const trail: string[] = [];
    try {
      for (ctx.step = 1; ctx.step <= STEPS; ctx.step += 1) {
        trail.push(`${ctx.step}: ${await runStep(ctx)}`);
        if (process.env.SIM_TRACE) console.log(trail.at(-1));
        await check(ctx, ctx.step % FULL_CHECK_EVERY === 0 || ctx.step === STEPS);
      }
    } catch (error) {
      const replay = `SIM_SEED=${seed} SIM_STEPS=${ctx.step} npx vitest run test/integration/simulation.int.test.ts`;
      throw new Error(`Simulation seed ${seed} failed at step ${ctx.step}. Replay exactly with:\n  ${replay}\nLast steps:\n  ${trail.slice(-12).join('\n  ')}\n${String(error)}`, { cause: error });
    } finally {
      await client.close();
      figures.requests += ctx.step + ctx.webhooks;
      figures.faultsInjected += client.faults;
      figures.simulationSteps += Math.min(ctx.step, STEPS);
      figures.seeds.push(String(seed));
    }
  }, Math.max(300_000, STEPS * 1_000));
});
