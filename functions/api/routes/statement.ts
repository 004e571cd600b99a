// GET /v1/organisations/{id}/statement: the remittance advice a VCSE treasurer reconciles against.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AMOUNT_STATES, HOLD_REASONS } from '../../../shared/domain/statement.js';
import { readStatement } from '../../../shared/store/statement.js';
import type { AppEnv } from '../../runtime/env.js';
import { requireRole } from '../middleware/auth.js';
import { visibleOrganisationMoney } from '../visible.js';
import { commonErrors, DateSchema, idParam, jsonResponse, PenceSchema, TimestampSchema } from '../schemas/common.js';

const Totals = z
  .object({
    earnedPence: PenceSchema.openapi({ description: 'Earned and not held or paid: earnedDue + earnedInPayment + earnedNotYetDue' }),
    earnedDuePence: PenceSchema.openapi({ description: 'Payable now; goes in the next payout run' }),
    earnedInPaymentPence: PenceSchema.openapi({ description: 'In an approved run whose transfer is under way' }),
    earnedNotYetDuePence: PenceSchema.openapi({ description: 'Future block instalments: reserved for you, payable from their period’s start' }),
    heldPence: PenceSchema.openapi({ description: 'Payable but held back; see `held` for why' }),
    paidPence: PenceSchema.openapi({ description: 'Transferred, net of reversals' }),
    reversedPence: PenceSchema.openapi({ description: 'Reversed by Stripe; already counted again where it now stands' }),
  })
  .openapi('StatementTotals');

const Entry = z
  .object({
    payableId: z.string(),
    kind: z.enum(['referral', 'instalment', 'returned']).openapi({ description: '`returned`: an amount payable again after a reversal' }),
    referralId: z.string().nullable(),
    clientRef: z.string().nullable().openapi({ description: 'The referrer’s pseudonymous reference for the referral paid for; null for other amounts' }),
    acceptedAt: TimestampSchema.nullable().openapi({ description: 'When the referral was accepted; null for other amounts' }),
    agreementId: z.string().nullable(),
    periodKey: z.string().nullable(),
    payableOn: DateSchema,
    amountPence: PenceSchema,
    state: z.enum(AMOUNT_STATES),
    holdReason: z.enum(HOLD_REASONS).nullable(),
    runId: z.string().nullable(),
  })
  .openapi('StatementEntry');

const FundPart = z
  .object({
    fundId: z.string(),
    fundName: z.string(),
    acceptedReferrals: z.number().int().openapi({ description: 'Accepted referrals funded by this fund, including block-funded ones' }),
    totals: Totals,
    period: z
      .object({ earnedPence: PenceSchema, paidPence: PenceSchema, reversedPence: PenceSchema })
      .openapi({ description: 'The entries listed between `from` and `to`: earned by payable date, paid and reversed by transfer date' }),
    held: z.array(z.object({ reason: z.enum(HOLD_REASONS), detail: z.string(), amountPence: PenceSchema })),
    earned: z.array(Entry),
    returned: z.array(Entry),
    paid: z.array(
      z.object({
        runId: z.string(),
        lineId: z.string(),
        paidAt: TimestampSchema,
        amountPence: PenceSchema.openapi({ description: 'The transfer, as it reached the bank' }),
        reversedPence: PenceSchema,
        stripeTransferId: z.string().nullable(),
        stripePayoutId: z.string().nullable().openapi({ description: 'The connected account’s Stripe payout that carried the transfer to the bank; null until Stripe reports it paid out (`payout.paid`)' }),
        payoutArrivalDate: DateSchema.nullable().openapi({ description: 'When that payout arrives in the bank (London date); null until then' }),
        paidFor: z.array(Entry),
      }),
    ),
    reversed: z.array(z.object({ runId: z.string(), lineId: z.string(), reversedAt: TimestampSchema, amountPence: PenceSchema, stripeTransferId: z.string().nullable() })),
  })
  .openapi('StatementFund');

const StatementSchema = z
  .object({
    organisationId: z.string(),
    organisationName: z.string(),
    currency: z.literal('GBP'),
    asAt: TimestampSchema,
    from: DateSchema.nullable(),
    to: DateSchema.nullable(),
    totals: Totals,
    funds: z.array(FundPart),
  })
  .openapi('Statement');

const Window = z
  .object({
    from: DateSchema.optional().openapi({ param: { name: 'from', in: 'query' } }),
    to: DateSchema.optional().openapi({ param: { name: 'to', in: 'query' } }),
  })
  .refine((w) => !w.from || !w.to || w.from <= w.to, { message: 'must not be before the from date', path: ['to'] });

const statement = createRoute({
  method: 'get',
  path: '/{id}/statement',
  tags: ['Organisations'],
  summary: 'What the organisation has earned, what is held and why, what was paid and reversed, per fund',
  description:
    'For the organisation’s own VCSE users, its fund managers (their funds only) and commissioners. `totals` are the position now, and reconcile: ' +
    'earned + held + paid equals the spend report’s reserved + paid for the organisation, and paid summed over organisations equals the fund’s `paidPence`. ' +
    '`from` and `to` (London dates, inclusive, both optional) bound the entries listed.',
  security: [{ bearer: [] }],
  request: { params: idParam('org'), query: Window },
  responses: { 200: jsonResponse(StatementSchema, 'The statement'), ...commonErrors },
});

export const statementRoutes = new OpenAPIHono<AppEnv>().openapi(statement, async (c) => {
  const { id } = c.req.valid('param');
  const { from, to } = c.req.valid('query');
  const { store, clock } = c.get('deps');
  const { organisation, fundIds } = await visibleOrganisationMoney(c, requireRole(c), id, 'Statements');
  const now = clock();
  const result = await readStatement(store, { organisation, now, from, to, fundIds });
  return c.json(
    {
      organisationId: organisation.id,
      organisationName: organisation.name,
      currency: 'GBP' as const,
      asAt: now.toISOString(),
      from: from ?? null,
      to: to ?? null,
      ...result,
    },
    200,
  );
});
