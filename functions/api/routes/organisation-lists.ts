// GET /v1/organisations?kind= and GET /v1/organisations/{id}/agreements: who is on the platform, and
// what each VCSE organisation is funded for.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ORGANISATION_KINDS, type Organisation } from '../../../shared/domain/organisation.js';
import { canReceiveTransfers } from '../../../shared/domain/payout-run.js';
import { listOrganisationAgreements, listOrganisations } from '../../../shared/store/lists.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, idParam, jsonResponse, pageOf, PageQuery } from '../schemas/common.js';
import { presentWithCurrentPeriod } from './agreement-periods.js';
import { AgreementSchema } from '../schemas/fund.js';
import { visibleOrganisationMoney } from '../visible.js';

export const ONBOARDING_STATUSES = ['not_started', 'in_progress', 'complete'] as const;

const OrganisationSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    charityNumber: z.string().nullable(),
    odsCode: z.string().nullable(),
    onboarding: z
      .enum(ONBOARDING_STATUSES)
      .nullable()
      .openapi({ description: 'Stripe Connect onboarding, for VCSE organisations: complete once it can receive transfers' }),
  })
  .openapi('OrganisationSummary');

/** Where a VCSE organisation is in Stripe onboarding; other kinds are never paid. */
export const onboardingStatus = (o: Organisation) =>
  o.kind !== 'vcse' ? null : canReceiveTransfers(o) ? ('complete' as const) : o.stripeAccountId ? ('in_progress' as const) : ('not_started' as const);

const presentSummary = (o: Organisation) => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  charityNumber: o.charityNumber,
  odsCode: o.odsCode,
  onboarding: onboardingStatus(o),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Organisations'],
  summary: 'Organisations with their kind and onboarding status (admin, fund managers, commissioners)',
  security: [{ bearer: [] }],
  request: { query: PageQuery.extend({ kind: z.enum(ORGANISATION_KINDS).optional().openapi({ param: { name: 'kind', in: 'query' } }) }) },
  responses: { 200: jsonResponse(pageOf(OrganisationSummarySchema, 'OrganisationPage'), 'A page of organisations'), ...commonErrors },
});

const agreements = createRoute({
  method: 'get',
  path: '/{id}/agreements',
  tags: ['Agreements'],
  summary: 'An organisation’s agreements across funds, with this period’s use (its VCSE users, fund managers, commissioners)',
  description: 'Fund managers see the agreements their own funds made; commissioners and admins see all.',
  security: [{ bearer: [] }],
  request: { params: idParam('org') },
  responses: { 200: jsonResponse(z.object({ items: z.array(AgreementSchema) }).openapi('OrganisationAgreements'), 'Every agreement'), ...commonErrors },
});

export const organisationListRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    requireRole(c, 'admin', 'fund_manager', 'commissioner');
    const query = c.req.valid('query');
    const page = await listOrganisations(c.get('deps').store, query.kind, query.limit, query.cursor);
    return c.json({ items: page.items.map(presentSummary), nextCursor: page.nextCursor }, 200);
  })
  .openapi(agreements, async (c) => {
    const { store, clock } = c.get('deps');
    const { organisation, fundIds } = await visibleOrganisationMoney(c, requireRole(c), c.req.valid('param').id, 'Agreements');
    const items = await presentWithCurrentPeriod(store, await listOrganisationAgreements(store, organisation.id, fundIds), clock());
    return c.json({ items }, 200);
  });
