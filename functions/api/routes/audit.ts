// /v1/audit: a fund's tamper-evident trail, oldest first, one entity's whole chain, and verification.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertMayReadAudit, assertMayVerifyAudit } from '../../../shared/domain/access/fund.js';
import { AppError } from '../../../shared/domain/errors.js';
import { londonDayEnd, londonDayStart } from '../../../shared/domain/london-days.js';
import { hasRole, type Principal } from '../../../shared/domain/roles.js';
import { actorName } from '../../../shared/domain/actor-names.js';
import { getAgreementItem, listChainEvents } from '../../../shared/store/audit-chain.js';
import { listAuditEvents, verifyFundAudit } from '../../../shared/store/audit.js';
import { namesOfActors } from '../../../shared/store/member-names.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, DateSchema, idString, jsonResponse, pageOf, PageQuery, TimestampSchema } from '../schemas/common.js';
import { visibleFund, visibleReferral, visibleRun } from '../visible.js';

const FundQuery = z.strictObject({ fundId: idString('fund').openapi({ param: { name: 'fundId', in: 'query' } }) });

const queryParam = (name: string, description: string) => ({ param: { name, in: 'query' as const }, description });

const AuditQuery = PageQuery.extend({ fundId: FundQuery.shape.fundId.optional() })
  .extend({
    entityId: z.string().max(64).optional().openapi(queryParam('entityId', 'Only events about this entity (a referral, agreement, run, line…)')),
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]*)?$/, 'must be an action such as payout_run.approved, or a prefix such as payout_line.')
      .optional()
      .openapi(queryParam('action', 'An exact action, or every action under a prefix ending in "."')),
    from: DateSchema.optional().openapi(queryParam('from', 'Events on or after this London date')),
    to: DateSchema.optional().openapi(queryParam('to', 'Events on or before this London date')),
  })
  .refine((q) => q.fundId !== undefined || q.entityId !== undefined, { message: 'Give a fundId or an entityId', path: ['fundId'] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before the from date', path: ['to'] });

const AuditEventSchema = z
  .object({
    id: z.string(),
    at: TimestampSchema,
    actor: z.string().openapi({ description: 'The sign-in id of whoever made the change (a Cognito `sub`), or one of the platform’s own: `system:payout-worker`, `stripe:webhook`, `system:response-deadline`. Covered by `hash`.' }),
    actorName: z.string().openapi({
      description:
        'Who made the change, in words, as the trail is read now (not covered by `hash`): a person’s work e-mail with their role and organisation, such as "jo@mva.example (fund manager, Medway Voluntary Action)", ending "; since removed)" if they have been removed since; the platform’s own processes in plain words, such as "The payment system (automatic)" or "Referral expiry (automatic)"; and for a sign-in id on no organisation’s list of people (the first administrator, made with the CLI) "A person not listed in any organisation (sign-in id 1a2b3c4d…)". Commissioners and the fund’s managers see these names.',
      example: 'jo@mva.example (fund manager, Medway Voluntary Action)',
    }),
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
  summary: 'The fund’s audit events, oldest first, optionally by entity, action and London dates',
  security: [{ bearer: [] }],
  description:
    'Without `fundId`, `entityId` (a referral, agreement, fund or payout run) answers that entity’s whole chain, read by its own key, oldest first, whichever fund its events were filed under (a referral’s `sent` and `declined` come before any fund pays for it). With `fundId`, `entityId` narrows the fund’s trail. Fund managers see the chains of the funds they manage and of the referrals those funds paid for. Each event’s `actorName` says who acted in words; naming a page costs one Query of the members index and one BatchGetItem of the organisations of those who acted, whatever the page size, and nothing is cached.',
  request: { query: AuditQuery },
  responses: { 200: jsonResponse(pageOf(AuditEventSchema, 'AuditPage'), 'A page of events'), ...commonErrors },
});

/**
 * Whether the caller may read this entity's chain: as they may read the entity itself (a referral
 * through its own policy, a run, agreement or fund through its fund). Other chains (organisations,
 * activities) are for commissioners. Unseen is 404, as for the entity.
 */
const assertMayReadChain = async (c: Parameters<typeof requireRole>[0], principal: Principal, entityId: string): Promise<void> => {
  const kind = entityId.split('_')[0];
  if (kind === 'ref') await visibleReferral(c, principal, entityId);
  else if (kind === 'run') await visibleRun(c, principal, entityId, 'read');
  else if (kind === 'fund') await visibleFund(c, principal, entityId, 'read');
  else if (kind === 'agr') {
    const agreement = await getAgreementItem(c.get('deps').store, entityId);
    if (!agreement) throw new AppError('not_found', `No agreement ${entityId}.`);
    await visibleFund(c, principal, agreement.fundId, 'read').catch(() => {
      throw new AppError('not_found', `No agreement ${entityId}.`);
    });
  } else if (!hasRole(principal, 'commissioner')) throw new AppError('not_found', `No audit chain ${entityId}.`);
};

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
    const { store } = c.get('deps');
    const filter = {
      entityId: query.entityId,
      action: query.action,
      fromAt: query.from ? londonDayStart(query.from) : undefined,
      beforeAt: query.to ? londonDayEnd(query.to) : undefined,
    };
    let page;
    if (query.fundId === undefined) {
      // The refinement on AuditQuery guarantees an entityId here.
      await assertMayReadChain(c, principal, query.entityId!);
      page = await listChainEvents(store, query.entityId!, query.limit, query.cursor, filter);
    } else {
      const fund = await visibleFund(c, principal, query.fundId, 'read');
      page = await listAuditEvents(store, fund.id, query.limit, query.cursor, filter);
    }
    // Named per page, in two reads at most (see namesOfActors), and read afresh: someone removed a moment ago reads as removed.
    const people = await namesOfActors(store, page.items.map((e) => e.actor));
    const items = page.items.map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      actorName: actorName(e.actor, people.get(e.actor)),
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
