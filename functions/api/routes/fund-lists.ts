// GET /v1/funds and GET /v1/funds/{id}/payout-runs: finding funds and runs without knowing their ids.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../../shared/domain/errors.js';
import { hasRole } from '../../../shared/domain/roles.js';
import { listAllFunds, listFundRuns, listManagedFunds } from '../../../shared/store/lists.js';
import type { StoredRun } from '../../../shared/store/payout-runs.js';
import { requireOrganisation, requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, idParam, jsonResponse, pageOf, PageQuery, PenceSchema } from '../schemas/common.js';
import { presentRunFields, runFields } from '../schemas/payout-run.js';
import { FundSchema, presentFund } from '../schemas/fund.js';
import { visibleFund } from '../visible.js';

export const RunSummarySchema = z
  .object({
    ...runFields,
    heldPence: PenceSchema.openapi({ description: 'Payable but held back: organisations that cannot receive transfers yet' }),
  })
  .openapi('PayoutRunSummary');

const presentRunSummary = (run: StoredRun) => ({
  ...presentRunFields(run),
  heldPence: run.held.reduce((sum, h) => sum + h.amountPence, 0),
});

const listFunds = createRoute({
  method: 'get',
  path: '/',
  tags: ['Funds'],
  summary: 'Funds with their figures (fund managers: their organisation’s; commissioners and admins: all)',
  security: [{ bearer: [] }],
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(FundSchema, 'FundPage'), 'A page of funds'), ...commonErrors },
});

const listRuns = createRoute({
  method: 'get',
  path: '/{id}/payout-runs',
  tags: ['Payout runs'],
  summary: 'A fund’s payout runs, newest first, with status, totals and progress',
  security: [{ bearer: [] }],
  request: { params: idParam('fund'), query: PageQuery },
  responses: { 200: jsonResponse(pageOf(RunSummarySchema, 'PayoutRunPage'), 'A page of runs'), ...commonErrors },
});

export const fundListRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listFunds, async (c) => {
    const principal = requireRole(c);
    const { store } = c.get('deps');
    const query = c.req.valid('query');
    // Admins have no view of money (SECURITY.md, API5): only commissioners list every fund.
    if (hasRole(principal, 'commissioner')) {
      const page = await listAllFunds(store, query.limit, query.cursor);
      return c.json({ items: page.items.map(presentFund), nextCursor: page.nextCursor }, 200);
    }
    if (!hasRole(principal, 'fund_manager')) throw new AppError('forbidden', 'Funds are for fund managers and commissioners.');
    // An organisation manages a handful of funds: one page holds them all.
    const funds = await listManagedFunds(store, requireOrganisation(principal));
    return c.json({ items: funds.map(presentFund), nextCursor: null }, 200);
  })
  .openapi(listRuns, async (c) => {
    const principal = requireRole(c);
    const fund = await visibleFund(c, principal, c.req.valid('param').id, 'read');
    const query = c.req.valid('query');
    const page = await listFundRuns(c.get('deps').store, fund.id, query.limit, query.cursor);
    return c.json({ items: page.items.map(presentRunSummary), nextCursor: page.nextCursor }, 200);
  });
