// The simulation's steps: each draws an action from the seeded generator, performs it through the API,
// the webhook app or the expiry job, checks the answer against the model's prediction and updates it.
import { expect } from 'vitest';
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { expireOverdueReferrals } from '../../shared/store/expiry.js';
import { loggedReferralBody, unique } from './builders.js';
import type { PayoutHarness } from './payouts.js';
import { draftRun, fundAcceptance, payDraft, predictAcceptance, reverse } from './sim-model.js';
import { FAULT_KINDS, type FaultKind, type SimClient, type SimWorld } from './sim-world.js';
import { londonDate } from '../../shared/domain/periods.js';

export interface SimContext {
  readonly h: PayoutHarness;
  readonly world: SimWorld;
  readonly client: SimClient;
  readonly random: () => number;
  readonly seed: number;
  step: number;
  webhooks: number;
}

const pick = <T>(random: () => number, items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
const today = () => londonDate(new Date());

/** Mostly no fault; otherwise a dropped response, a duplicate or a crash. */
const drawFault = (random: () => number): FaultKind => (random() < 0.7 ? 'none' : FAULT_KINDS[1 + Math.floor(random() * 3)]!);

type Action = (ctx: SimContext, fault: FaultKind) => Promise<string | undefined>;

const key = (ctx: SimContext, what: string) => `sim-${ctx.seed}-${ctx.step}-${what}`;

const send: Action = async (ctx, fault) => {
  const { world, random, client } = ctx;
  const org = Math.floor(random() * world.organisations.length);
  const body = { activityId: world.organisations[org]!.activityId, clientRef: unique('CR'), source: 'gp' };
  const res = await client.post('/v1/referrals', world.s.linkWorker, body, key(ctx, 'send'), fault);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  world.model.referrals.push({ id: res.body.id, org, status: 'sent' });
  return `send to organisation ${org}`;
};

const accept: Action = async (ctx, fault) => {
  const { world, random, client } = ctx;
  const referral = pick(random, world.model.referrals.filter((r) => r.status === 'sent'));
  if (!referral) return undefined;
  const predicted = predictAcceptance(world.model, referral.org);
  const res = await client.post(`/v1/referrals/${referral.id}/accept`, world.organisations[referral.org]!.vcse, undefined, key(ctx, 'accept'), fault);
  expect(predicted === 'funded' ? res.status : res.body.code, JSON.stringify(res.body)).toBe(predicted === 'funded' ? 200 : predicted);
  if (predicted === 'funded') {
    fundAcceptance(world.model, referral.org);
    referral.status = 'accepted';
  }
  return `accept ${referral.id} (${predicted})`;
};

const decline: Action = async (ctx, fault) => {
  const { world, random, client } = ctx;
  const referral = pick(random, world.model.referrals.filter((r) => r.status === 'sent'));
  if (!referral) return undefined;
  const res = await client.post(`/v1/referrals/${referral.id}/decline`, world.organisations[referral.org]!.vcse, { reasonCode: 'full' }, key(ctx, 'decline'), fault);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  referral.status = 'declined';
  return `decline ${referral.id}`;
};

const log: Action = async (ctx, fault) => {
  const { world, random, client } = ctx;
  const org = Math.floor(random() * world.organisations.length);
  const predicted = predictAcceptance(world.model, org);
  const acceptedAt = new Date(Date.now() - 60_000).toISOString();
  const body = loggedReferralBody(world.organisations[org]!.activityId, acceptedAt);
  const res = await client.post('/v1/referrals', world.organisations[org]!.vcse, body, key(ctx, 'log'), fault);
  expect(predicted === 'funded' ? res.status : res.body.code, JSON.stringify(res.body)).toBe(predicted === 'funded' ? 201 : predicted);
  if (predicted === 'funded') {
    fundAcceptance(world.model, org);
    world.model.referrals.push({ id: res.body.id, org, status: 'accepted' });
  }
  return `log for organisation ${org} (${predicted})`;
};

/** The hourly expiry job, run as if a month had passed: every referral still sent expires. */
const expire: Action = async (ctx) => {
  const { world, h } = ctx;
  const sent = world.model.referrals.filter((r) => r.status === 'sent');
  if (sent.length === 0) return undefined;
  await expireOverdueReferrals(h.deps.store, new Date(Date.now() + 31 * 86_400_000), h.deps.ids);
  for (const r of sent) r.status = 'expired';
  return `expire ${sent.length}`;
};

const draft: Action = async (ctx, fault) => {
  const { world, client } = ctx;
  const model = world.model;
  if (model.draft || !model.organisations.some((o) => o.onboarded && o.openPence > 0)) return undefined;
  const res = await client.post(`/v1/funds/${world.s.fundId}/payout-runs`, world.s.manager, { through: today() }, key(ctx, 'draft'), fault);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const lines = draftRun(model, res.body.id);
  expect(res.body.totalPence).toBe([...lines.values()].reduce((a, b) => a + b, 0));
  return `draft ${res.body.id} of ${lines.size} lines`;
};

const approve: Action = async (ctx, fault) => {
  const { world, client } = ctx;
  const run = world.model.draft;
  if (!run) return undefined;
  const res = await client.post(`/v1/payout-runs/${run.id}/approve`, world.s.secondManager, undefined, key(ctx, 'approve'), fault);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await client.idle();
  const paid = await client.get(`/v1/payout-runs/${run.id}`, world.s.manager);
  expect(paid.body.status).toBe('paid');
  const orgIndex = new Map(world.organisations.map((o, i) => [o.id, i]));
  payDraft(world.model, new Map(paid.body.lines.map((l: { organisationId: string; id: string }) => [orgIndex.get(l.organisationId)!, l.id])));
  return `approve ${run.id}`;
};

/** Stripe reverses part or all of a paid line; the webhook reaches the webhook app. */
const reversal: Action = async (ctx) => {
  const { world, random, h } = ctx;
  const line = pick(random, world.model.paidLines.filter((l) => l.reversedPence < l.amountPence));
  if (!line) return undefined;
  const left = line.amountPence - line.reversedPence;
  const amount = random() < 0.3 ? left : 1 + Math.floor(random() * left);
  const run = await ctx.client.get(`/v1/payout-runs/${h.sandbox.transfers().find((t) => t.metadata.lineId === line.id)!.transfer_group}`, world.s.manager);
  const transferId = run.body.lines.find((l: { id: string }) => l.id === line.id).stripeTransferId;
  const res = await fetch(`${h.sandbox.url}/v1/transfers/${transferId}/reversals`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_sim', 'content-type': 'application/x-www-form-urlencoded' },
    body: `amount=${amount}`,
  });
  expect(res.ok).toBe(true);
  await h.sandbox.webhooksIdle();
  ctx.webhooks += 1;
  reverse(world.model, line, amount);
  return `reverse ${amount}p of ${line.id}`;
};

/** An event Stripe already delivered, delivered again (signed): it changes nothing. */
const redeliver: Action = async (ctx) => {
  const { h, random } = ctx;
  const event = pick(random, h.sandbox.events());
  if (!event) return undefined;
  const payload = JSON.stringify(event);
  const secret = event.account ? h.sandbox.webhookSecret : h.sandbox.platformWebhookSecret;
  const res = await fetch(`${h.baseUrl}/v1/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(payload, secret) }, body: payload });
  expect(res.status, await res.clone().text()).toBe(200);
  ctx.webhooks += 1;
  return `redeliver ${event.type} ${event.id}`;
};

const ACTIONS: readonly [number, Action][] = [
  [6, send],
  [6, accept],
  [1, decline],
  [2, log],
  [0.3, expire],
  [1, draft],
  [1, approve],
  [1, reversal],
  [1, redeliver],
];
const WEIGHT = ACTIONS.reduce((n, [w]) => n + w, 0);
/** Not requests of the API's clients, so no client fault applies (Stripe's own redelivery is `redeliver`). */
const FAULTLESS: ReadonlySet<Action> = new Set([expire, reversal, redeliver]);

/** One step: an action drawn by weight (another if it does not apply now), with a fault drawn for it. */
export const runStep = async (ctx: SimContext): Promise<string> => {
  for (;;) {
    let roll = ctx.random() * WEIGHT;
    const action = ACTIONS.find(([w]) => (roll -= w) < 0)?.[1] ?? send;
    const fault = drawFault(ctx.random);
    const done = await action(ctx, fault);
    if (done !== undefined) return fault === 'none' || FAULTLESS.has(action) ? done : `${done} [${fault}]`;
  }
};
