// /v1/audit: a fund's tamper-evident trail, oldest first, and its verification.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertMayReadAudit, assertMayVerifyAudit } from '../../../shared/domain/access/fund.js';
import { listAuditEvents, verifyFundAudit } from '../../../shared/store/audit.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, idString, jsonResponse, pageOf, PageQuery, TimestampSchema } from '../schemas/common.js';
import { visibleFund } from '../visible.js';

const FundQuery = z.strictObject({ fundId: idString('fund').openapi({ param: { name: 'fundId', in: 'query' } }) });

const AuditEventSchema = z
  .object({
    id: z.string(),
    at: TimestampSchema,
    actor: z.string(),
    action: z.string(),
    entityId: z.string(),
    data: z.record(z.string(), z.unknown()),
    chainId: z.string(),
    seq: z.number().int(),
    hash: z.string(),
    prevHash: z.string(),
  })
  .openapi('AuditEvent');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Audit'],
  summary: 'The fund’s audit events, oldest first',
  security: [{ bearer: [] }],
  request: { query: PageQuery.extend(FundQuery.shape) },
  responses: { 200: jsonResponse(pageOf(AuditEventSchema, 'AuditPage'), 'A page of events'), ...commonErrors },
});

const verify = createRoute({
  method: 'get',
  path: '/verify',
  tags: ['Audit'],
  summary: 'Check every hash chain behind the fund’s trail (commissioner)',
  security: [{ bearer: [] }],
  request: { query: FundQuery },
  responses: {
    200: jsonResponse(
      z.object({ ok: z.boolean(), checked: z.number().int(), chains: z.number().int(), firstBrokenId: z.string().nullable() }).openapi('AuditVerification'),
      'The verdict',
    ),
    ...commonErrors,
  },
});

export const auditRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const principal = requireRole(c);
    assertMayReadAudit(principal);
    const query = c.req.valid('query');
    const fund = await visibleFund(c, principal, query.fundId, 'read');
    const page = await listAuditEvents(c.get('deps').store, fund.id, query.limit, query.cursor);
    const items = page.items.map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      action: e.action,
      entityId: e.entityId,
      data: e.data,
      chainId: e.chainId,
      seq: e.seq,
      hash: e.hash,
      prevHash: e.prevHash,
    }));
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  })
  .openapi(verify, async (c) => {
    const principal = requireRole(c);
    assertMayVerifyAudit(principal);
    const fund = await visibleFund(c, principal, c.req.valid('query').fundId, 'read');
    const result = await verifyFundAudit(c.get('deps').store, fund.id);
    return c.json({ ok: result.ok, checked: result.checked, chains: result.chains, firstBrokenId: result.firstBrokenId }, 200);
  });
