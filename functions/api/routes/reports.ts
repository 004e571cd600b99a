// /v1/reports: spend and capacity for fund managers and commissioners, read from maintained aggregates.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertMayReadReports } from '../../../shared/domain/access/fund.js';
import { DIMENSIONS } from '../../../shared/store/aggregates.js';
import { listFundCapacity } from '../../../shared/store/capacity.js';
import { spendReport } from '../../../shared/store/reports.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, idString, jsonResponse, pageOf, PageQuery, PenceSchema } from '../schemas/common.js';
import { visibleFund } from '../visible.js';

const FundQuery = PageQuery.extend({ fundId: idString('fund').openapi({ param: { name: 'fundId', in: 'query' } }) });

const SpendRow = z
  .object({ key: z.string(), acceptedReferrals: z.number().int(), reservedPence: PenceSchema, paidPence: PenceSchema })
  .openapi('SpendRow');
const CapacityRow = z
  .object({ agreementId: z.string(), organisationId: z.string(), periodKey: z.string(), capacity: z.number().int().nullable(), used: z.number().int() })
  .openapi('CapacityRow');

const spend = createRoute({
  method: 'get',
  path: '/spend',
  tags: ['Reports'],
  summary: 'Spend grouped by organisation, month, priority group or PCN',
  description:
    'Block funding has no referral of its own, so under priorityGroup and pcn it appears as `block_funded`; referrals without one appear as `not_recorded`.',
  security: [{ bearer: [] }],
  request: { query: FundQuery.extend({ groupBy: z.enum(DIMENSIONS).default('organisation').openapi({ param: { name: 'groupBy', in: 'query' } }) }) },
  responses: { 200: jsonResponse(pageOf(SpendRow, 'SpendReport'), 'Rows in key order'), ...commonErrors },
});

const capacity = createRoute({
  method: 'get',
  path: '/capacity',
  tags: ['Reports'],
  summary: 'Capacity used per agreement and period',
  security: [{ bearer: [] }],
  request: { query: FundQuery },
  responses: { 200: jsonResponse(pageOf(CapacityRow, 'CapacityReport'), 'Agreement periods that have seen an acceptance'), ...commonErrors },
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
    return c.json(await spendReport(c.get('deps').store, fund.id, query.groupBy, query.limit, query.cursor), 200);
  })
  .openapi(capacity, async (c) => {
    const query = c.req.valid('query');
    const fund = await reportFund(c, query.fundId);
    const page = await listFundCapacity(c.get('deps').store, fund.id, query.limit, query.cursor);
    const items = page.items.map((r) => ({
      agreementId: r.agreementId,
      organisationId: r.organisationId,
      periodKey: r.periodKey,
      capacity: r.capacity ?? null,
      used: Number(r.used),
    }));
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  });
