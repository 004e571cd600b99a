// /v1/organisations: admins register organisations; members and fund-side roles read them.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../../shared/domain/errors.js';
import { ORGANISATION_KINDS, type Organisation } from '../../../shared/domain/organisation.js';
import { hasRole } from '../../../shared/domain/roles.js';
import { getOrganisation, putOrganisation } from '../../../shared/store/organisations.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../env.js';
import { commonErrors, idParam, jsonBody, jsonResponse, safeText, TimestampSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';

export const OrganisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    charityNumber: z.string().nullable(),
    companyNumber: z.string().nullable(),
    odsCode: z.string().nullable(),
    stripeAccountId: z.string().nullable(),
    payoutsEnabled: z.boolean(),
    createdAt: TimestampSchema,
  })
  .openapi('Organisation');

const CreateOrganisation = z
  .strictObject({
    name: safeText(200),
    kind: z.enum(ORGANISATION_KINDS),
    // Charity Commission (England and Wales) numbers are 6-8 digits; Scotland's SC + 6 digits.
    charityNumber: z.string().regex(/^(\d{6,8}(-\d{1,2})?|SC\d{6})$/, 'must be a registered charity number').optional(),
    companyNumber: z.string().regex(/^[A-Z0-9]{8}$/, 'must be an 8-character Companies House number').optional(),
    odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code').optional(),
  })
  .openapi('CreateOrganisation');

export const presentOrganisation = (o: Organisation) => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  charityNumber: o.charityNumber,
  companyNumber: o.companyNumber,
  odsCode: o.odsCode,
  stripeAccountId: o.stripeAccountId,
  payoutsEnabled: o.payoutsEnabled,
  createdAt: o.createdAt,
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Organisations'],
  summary: 'Register an organisation (admin)',
  security: [{ bearer: [] }],
  request: { headers: IdempotencyHeader, ...jsonBody(CreateOrganisation) },
  responses: { 201: jsonResponse(OrganisationSchema, 'Created'), ...commonErrors },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Organisations'],
  summary: 'Read an organisation (its members, fund managers, commissioners)',
  security: [{ bearer: [] }],
  request: { params: idParam('org') },
  responses: { 200: jsonResponse(OrganisationSchema, 'The organisation'), ...commonErrors },
});

export const organisationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const principal = requireRole(c, 'admin');
    const { store, ids, clock } = c.get('deps');
    const body = c.req.valid('json');
    const now = clock();
    const organisation: Organisation = {
      id: ids('organisation', now),
      name: body.name,
      kind: body.kind,
      charityNumber: body.charityNumber ?? null,
      companyNumber: body.companyNumber ?? null,
      odsCode: body.odsCode ?? null,
      stripeAccountId: null,
      payoutsEnabled: false,
      transfersCapability: null,
      createdAt: now.toISOString(),
    };
    await putOrganisation(store, organisation, { actor: principal.sub, eventId: ids('event', now) });
    c.header('Location', `/v1/organisations/${organisation.id}`);
    return c.json(presentOrganisation(organisation), 201);
  })
  .openapi(read, async (c) => {
    const principal = requireRole(c);
    const { id } = c.req.valid('param');
    const organisation = await getOrganisation(c.get('deps').store, id);
    const visible =
      organisation !== undefined &&
      (principal.organisationId === id || hasRole(principal, 'admin', 'fund_manager', 'commissioner'));
    if (!visible) throw new AppError('not_found', `No organisation ${id}.`);
    return c.json(presentOrganisation(organisation), 200);
  });
