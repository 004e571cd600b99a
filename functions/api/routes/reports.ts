// /v1/reports: spend (by organisation, month earned, month paid, priority group, PCN) and capacity,
// for the fund's managers and commissioners. Most read maintained aggregates; month paid reads runs.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertMayReadReports } from '../../../shared/domain/access/fund.js';
import { DIMENSIONS } from '../../../shared/store/aggregates.js';
import { londonDate } from '../../../shared/domain/periods.js';
import { capacityReport } from '../../../shared/store/reports-capacity.js';
import { pageOf as pageRows } from '../../../shared/store/reports-pages.js';
import { monthPaidReport } from '../../../shared/store/reports-paid.js';
import { spendReport } from '../../../shared/store/reports.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, idString, jsonResponse, pageOf, PageQuery, PenceSchema } from '../schemas/common.js';
import { visibleFund } from '../visible.js';

const FundQuery = PageQuery.extend({ fundId: idString('fund').openapi({ param: { name: 'fundId', in: 'query' } }) });

/**
 * `month` is the contract's name for the month money was earned for (a tariff's acceptance, a block
 * instalment's period), kept as an alias of `monthEarned`; `monthPaid` is the month it left the fund.
 */
const GROUPINGS = ['organisation', 'monthEarned', 'monthPaid', 'month', 'priorityGroup', 'pcn'] as const;
const DIMENSION_OF = { organisation: 'organisation', monthEarned: 'month', month: 'month', priorityGroup: 'priorityGroup', pcn: 'pcn' } as const satisfies Record<string, (typeof DIMENSIONS)[number]>;

const SpendRow = z
  .object({ key: z.string(), acceptedReferrals: z.number().int(), reservedPence: PenceSchema, paidPence: PenceSchema })
  .openapi('SpendRow');
const MonthPaidRow = z
  .object({
    key: z.string().openapi({ description: 'The month paid, YYYY-MM in Europe/London' }),
    paidPence: PenceSchema.openapi({ description: 'Paid out that month, at the payout lines’ full amounts' }),
    reversedPence: PenceSchema.openapi({ description: 'Taken back that month by Stripe reversals' }),
    netPaidPence: z.number().int().openapi({ description: 'paidPence − reversedPence; negative when reversals outweigh payments' }),
    payments: z.number().int(),
    reversals: z.number().int(),
  })
  .openapi('MonthPaidRow');
const CapacityRow = z
  .object({
    agreementId: z.string(),
    organisationId: z.string(),
    activityId: z.string().nullable(),
    kind: z.enum(['block', 'per_referral']),
    periodKey: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    capacity: z.number().int().nullable(),
    used: z.number().int(),
    remaining: z.number().int().nullable(),
  })
  .openapi('CapacityRow');

const spend = createRoute({
  method: 'get',
  path: '/spend',
  tags: ['Reports'],
  summary: 'Spend grouped by organisation, month earned, month paid, priority group or PCN',
  description:
    '`monthEarned` (alias `month`) groups by the month money was earned for: a tariff by its acceptance, a block instalment by its period. `monthPaid` groups by the month Stripe paid it, with reversals in the month they were taken back, and answers MonthPaidRow. Block funding has no referral of its own, so under priorityGroup and pcn it appears as `block_funded`; referrals without one appear as `not_recorded`. Months are Europe/London.',
  security: [{ bearer: [] }],
  request: { query: FundQuery.extend({ groupBy: z.enum(GROUPINGS).default('organisation').openapi({ param: { name: 'groupBy', in: 'query' } }) }) },
  responses: { 200: jsonResponse(pageOf(z.union([SpendRow, MonthPaidRow]), 'SpendReport'), 'Rows in key order'), ...commonErrors },
});

const capacity = createRoute({
  method: 'get',
  path: '/capacity',
  tags: ['Reports'],
  summary: 'Capacity used per agreement and period',
  description: 'Every period of every agreement that has not ended, used or not, and every period of an ended agreement that was used.',
  security: [{ bearer: [] }],
  request: { query: FundQuery },
  responses: { 200: jsonResponse(pageOf(CapacityRow, 'CapacityReport'), 'Rows by agreement, then period'), ...commonErrors },
});

/** Fund-wide reports are for the fund's managers and commissioners; everyone else is refused. */
const reportFund = async (c: Parameters<typeof requireRole>[0], fundId: string) => {
  const principal = requireRole(c);
  assertMayReadReports(principal);
  return visibleFund(c, principal, fundId, 'read');
};

export const reportRoutes = new OpenAPIHono<AppEnv>()
  .openapi(spend, async (c) => {
    const query = c.req.valid('query');
    const fund = await reportFund(c, query.fundId);
    const { store } = c.get('deps');
    if (query.groupBy === 'monthPaid') return c.json(pageRows(await monthPaidReport(store, fund.id), (r) => r.key, query.limit, query.cursor), 200);
    return c.json(await spendReport(store, fund.id, DIMENSION_OF[query.groupBy], query.limit, query.cursor), 200);
  })
  .openapi(capacity, async (c) => {
    const query = c.req.valid('query');
    const fund = await reportFund(c, query.fundId);
    const { store, clock } = c.get('deps');
    return c.json(await capacityReport(store, fund.id, londonDate(clock()), query.limit, query.cursor), 200);
  });
