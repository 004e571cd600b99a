// Payout runs: a fund manager drafts, a second approves (four eyes), the worker pays; retry pays failures.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../../shared/domain/errors.js';
import { LINE_STATUSES, type PayoutLine } from '../../../shared/domain/payout-run.js';
import { londonDate } from '../../../shared/domain/periods.js';
import { organisationsByIds } from '../../../shared/store/organisations.js';
import { moveRun, resetLineForRetry } from '../../../shared/store/payout-lines.js';
import { assertSomethingPayable, discardRun } from '../../../shared/store/payout-discard.js';
import { approveRun, draftRun, getRun, listLines, planDraft, type StoredRun } from '../../../shared/store/payout-runs.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { fieldError } from '../schemas/issue-messages.js';
import { commonErrors, conflict, DateSchema, idParam, jsonBody, jsonResponse, noBody, PenceSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import { presentRunFields, runFields } from '../schemas/payout-run.js';
import { visibleFund, visibleRun } from '../visible.js';

const LineSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  amountPence: PenceSchema,
  referralCount: z.number().int(),
  blockInstalmentCount: z.number().int().openapi({ description: 'Block-funding instalments this line pays for; with referralCount, what the line pays for (anything else is an amount repaid after a reversal)' }),
  repaidCount: z.number().int().openapi({ description: 'Amounts this line pays again after an earlier payment was reversed' }),
  status: z.enum(LINE_STATUSES),
  stripeTransferId: z.string().nullable(),
  stripePayoutId: z.string().nullable().openapi({ description: 'The Stripe payout that carried the transfer to the bank: what the bank statement shows' }),
  payoutArrivalDate: DateSchema.nullable(),
  failureCode: z.string().nullable(),
  attempt: z.number().int(),
});

const RunSchema = z
  .object({
    ...runFields,
    lines: z.array(LineSchema),
    held: z.array(z.object({ organisationId: z.string(), amountPence: PenceSchema, reason: z.string() })),
    balance: z
      .object({ platformBalancePence: PenceSchema, coversRun: z.boolean(), warning: z.string().nullable() })
      .nullable()
      .openapi({ description: 'For a draft: the Stripe platform balance beside the run total' }),
  })
  .openapi('PayoutRun');

/** What a line pays for besides referrals; a line stored before the count was kept counts its other payables as instalments. */
const paysFor = (l: PayoutLine) => {
  const others = l.payableCount - l.referralCount;
  const blockInstalmentCount = l.blockInstalmentCount ?? others;
  return { blockInstalmentCount, repaidCount: others - blockInstalmentCount };
};

const presentLine = (l: PayoutLine) => ({
  id: l.id,
  organisationId: l.organisationId,
  amountPence: l.amountPence,
  referralCount: l.referralCount,
  ...paysFor(l),
  status: l.status,
  stripeTransferId: l.stripeTransferId ?? null,
  stripePayoutId: l.stripePayoutId ?? null,
  payoutArrivalDate: l.payoutArrivalDate ?? null,
  failureCode: l.failureCode ?? null,
  attempt: l.attempt,
});

const present = async (c: Context<AppEnv>, run: StoredRun) => {
  const { store, stripe } = c.get('deps');
  const lines = await listLines(store, run.id);
  let balance = null;
  // Before Stripe's keys are stored there is no balance to show; the draft reads the same otherwise.
  if (run.status === 'draft' && stripe && (await stripe.status()).state === 'configured') {
    const platformBalancePence = await stripe.getBalancePence();
    const coversRun = platformBalancePence >= run.totalPence;
    balance = {
      platformBalancePence,
      coversRun,
      warning: coversRun ? null : 'The Stripe platform balance cannot cover this run: top it up from the fund before approving.',
    };
  }
  return { ...presentRunFields(run), lines: lines.map(presentLine), held: [...run.held], balance };
};

const requirePayouts = async (c: Context<AppEnv>) => {
  const { payouts, stripe } = c.get('deps');
  if (!payouts) throw new AppError('unavailable', 'Payouts are not configured on this deployment.');
  // Nothing is approved or retried for paying until Stripe's keys are stored: the run stays as it is.
  if (stripe && (await stripe.status()).state === 'unconfigured') {
    throw new AppError('stripe_unconfigured', 'Payments are not set up on this deployment yet: an operator must store the Stripe keys first. The run is unchanged.');
  }
  return payouts;
};

const draft = createRoute({
  method: 'post',
  path: '/funds/{id}/payout-runs',
  tags: ['Payout runs'],
  summary: 'Draft a payout run of everything payable up to a date, today at the latest (fund manager)',
  security: [{ bearer: [] }],
  request: { params: idParam('fund'), headers: IdempotencyHeader, ...jsonBody(z.strictObject({ through: DateSchema }).openapi('DraftPayoutRun')) },
  responses: { 201: jsonResponse(RunSchema, 'A draft run'), ...commonErrors, ...conflict('invalid_transition, nothing_payable (nothing written)') },
});

const discard = createRoute({
  method: 'post',
  path: '/payout-runs/{id}/discard',
  tags: ['Payout runs'],
  summary: 'Discard a draft (its fund’s managers); its amounts are payable again',
  description: 'The run becomes discarded and the fund may draft again. Discarding a discarded run again finishes releasing its amounts.',
  security: [{ bearer: [] }],
  request: { params: idParam('run'), headers: IdempotencyHeader, ...noBody },
  responses: { 200: jsonResponse(RunSchema, 'The run as it now stands'), ...commonErrors, ...conflict('invalid_transition (not a draft)') },
});

const read = createRoute({
  method: 'get',
  path: '/payout-runs/{id}',
  tags: ['Payout runs'],
  summary: 'A run with its lines, status and progress',
  security: [{ bearer: [] }],
  request: { params: idParam('run') },
  responses: { 200: jsonResponse(RunSchema, 'The run'), ...commonErrors },
});

const approve = createRoute({
  method: 'post',
  path: '/payout-runs/{id}/approve',
  tags: ['Payout runs'],
  summary: 'Approve a draft (a fund manager other than its creator); it is then paid out',
  security: [{ bearer: [] }],
  request: { params: idParam('run'), headers: IdempotencyHeader, ...noBody },
  responses: { 200: jsonResponse(RunSchema, 'The run as it now stands'), ...commonErrors, ...conflict('invalid_transition') },
});

const retry = createRoute({
  method: 'post',
  path: '/payout-runs/{id}/retry',
  tags: ['Payout runs'],
  summary: 'Pay the failed lines again, safely',
  security: [{ bearer: [] }],
  request: { params: idParam('run'), headers: IdempotencyHeader, ...noBody },
  responses: { 200: jsonResponse(RunSchema, 'The run as it now stands'), ...commonErrors, ...conflict('invalid_transition') },
});

export const payoutRunRoutes = new OpenAPIHono<AppEnv>()
  .openapi(draft, async (c) => {
    const principal = requireRole(c, 'fund_manager');
    const fund = await visibleFund(c, principal, c.req.valid('param').id, 'manage');
    const { store, ids, clock } = c.get('deps');
    const through = c.req.valid('json').through;
    // Amounts dated later (block instalments of months to come) are not payable yet: a run through a
    // future date would pay them now, and the agreement could then never be ended early.
    if (through > londonDate(clock())) throw fieldError('/through', 'must not be in the future');
    const loadOrganisations = (orgIds: string[]) => organisationsByIds(store, orgIds);
    // A new draft that would pay nothing is refused before it is written; an interrupted one is resumed whatever it holds.
    const plan = fund.openRunId ? undefined : await planDraft(store, fund.id, through, loadOrganisations);
    if (plan) assertSomethingPayable(plan, through);
    const run = await draftRun(store, { fund, through, actor: principal.sub, at: clock().toISOString(), ids, loadOrganisations, ...(plan ? { plan } : {}) });
    c.header('Location', `/v1/payout-runs/${run.id}`);
    return c.json(await present(c, run), 201);
  })
  .openapi(read, async (c) => {
    const run = await visibleRun(c, requireRole(c), c.req.valid('param').id, 'read');
    return c.json(await present(c, run), 200);
  })
  .openapi(approve, async (c) => {
    const principal = requireRole(c);
    const run = await visibleRun(c, principal, c.req.valid('param').id, 'manage');
    const payouts = await requirePayouts(c);
    const { store, ids, clock } = c.get('deps');
    const now = clock();
    const approved = await approveRun(store, run, { actor: principal.sub, at: now.toISOString(), eventId: ids('event', now) });
    await payouts.dispatch(approved.id);
    return c.json(await present(c, (await getRun(store, approved.id))!), 200);
  })
  .openapi(discard, async (c) => {
    const principal = requireRole(c);
    const run = await visibleRun(c, principal, c.req.valid('param').id, 'manage');
    const { store, ids, clock } = c.get('deps');
    const discarded = await discardRun(store, run, { actor: principal.sub, at: clock().toISOString(), ids });
    return c.json(await present(c, discarded), 200);
  })
  .openapi(retry, async (c) => {
    const principal = requireRole(c);
    const run = await visibleRun(c, principal, c.req.valid('param').id, 'manage');
    const payouts = await requirePayouts(c);
    const { store, ids, clock } = c.get('deps');
    if (run.status === 'approved' || run.status === 'paying') {
      // Approved or part-paid but not moving (a lost dispatch, a dead worker): hand it to the worker again.
      await payouts.dispatch(run.id);
      return c.json(await present(c, run), 200);
    }
    if (run.status !== 'paid_with_failures') {
      throw new AppError('invalid_transition', `Run ${run.id} is ${run.status}; only an approved, paying or part-failed run can be retried.`);
    }
    const write = { at: clock().toISOString(), actor: principal.sub, ids };
    for (const line of await listLines(store, run.id)) {
      if (line.status === 'failed') await resetLineForRetry(store, line, write);
    }
    await moveRun(store, run.id, ['paid_with_failures'], 'paying', write);
    await payouts.dispatch(run.id);
    return c.json(await present(c, (await getRun(store, run.id))!), 200);
  });
