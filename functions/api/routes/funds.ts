// /v1/funds and their agreements: fund managers set them up; commissioners read them.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AGREEMENT_KINDS, type Agreement } from '../../../shared/domain/agreement.js';
import { AppError } from '../../../shared/domain/errors.js';
import { formatDateRange } from '../../../shared/domain/format.js';
import { DEFAULT_RESPONSE_DEADLINE_DAYS, type Fund } from '../../../shared/domain/fund.js';
import { PERIOD_KINDS, periodsBetween } from '../../../shared/domain/periods.js';
import { agreementScope } from '../../../shared/domain/access/agreement.js';
import { assertMayHoldFunds } from '../../../shared/domain/access/organisation.js';
import { listFundAgreements, MAX_BLOCK_PERIODS, putAgreement, putFund } from '../../../shared/store/funds.js';
import { getActivity, getOrganisation } from '../../../shared/store/organisations.js';
import { requireOrganisation, requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, conflict, DateSchema, idParam, idString, jsonBody, jsonResponse, pageOf, PageQuery, PenceSchema, safeText, TimestampSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import { visibleFund } from '../visible.js';
import { presentWithCurrentPeriod } from './agreement-periods.js';
import { fieldError } from '../schemas/issue-messages.js';

export const FundSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    managerOrganisationId: z.string(),
    currency: z.literal('GBP'),
    totalPence: PenceSchema,
    availablePence: PenceSchema,
    reservedPence: PenceSchema,
    paidPence: PenceSchema,
    startsOn: DateSchema,
    endsOn: DateSchema,
    responseDeadlineDays: z.number().int(),
    createdAt: TimestampSchema,
  })
  .openapi('Fund');

const CreateFund = z
  .strictObject({
    name: safeText(200),
    totalPence: PenceSchema.min(1),
    startsOn: DateSchema,
    endsOn: DateSchema,
    responseDeadlineDays: z.number().int().min(1).max(90).default(DEFAULT_RESPONSE_DEADLINE_DAYS),
  })
  .refine((f) => f.startsOn <= f.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] })
  .openapi('CreateFund');

export const AgreementSchema = z
  .object({
    id: z.string(),
    fundId: z.string(),
    organisationId: z.string(),
    activityId: z.string().nullable(),
    kind: z.enum(AGREEMENT_KINDS),
    capacity: z.number().int().nullable(),
    period: z.enum(PERIOD_KINDS),
    tariffPence: PenceSchema.nullable(),
    amountPence: PenceSchema.nullable(),
    startsOn: DateSchema,
    endsOn: DateSchema,
    createdAt: TimestampSchema,
    currentPeriod: z.object({ key: z.string(), used: z.number().int(), capacity: z.number().int().nullable() }).nullable(),
  })
  .openapi('Agreement');

const CreateAgreement = z
  .strictObject({
    organisationId: idString('org'),
    // An empty or malformed activity would reserve a block that no acceptance could ever match.
    activityId: idString('act').optional(),
    kind: z.enum(AGREEMENT_KINDS),
    capacity: z.number().int().min(1).max(1_000_000).optional(),
    period: z.enum(PERIOD_KINDS),
    tariffPence: PenceSchema.min(1).optional(),
    amountPence: PenceSchema.min(1).optional(),
    startsOn: DateSchema,
    endsOn: DateSchema,
  })
  .superRefine((a, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (a.startsOn > a.endsOn) issue('endsOn', 'must not be before startsOn');
    if (a.kind === 'block') {
      if (a.capacity === undefined) issue('capacity', 'a block agreement needs a capacity per period');
      if (a.amountPence === undefined) issue('amountPence', 'a block agreement needs an amount');
      if (a.tariffPence !== undefined) issue('tariffPence', 'a block agreement has no per-referral tariff');
      if (a.startsOn <= a.endsOn && periodsBetween(a.period, a.startsOn, a.endsOn).length > MAX_BLOCK_PERIODS) {
        issue('endsOn', `a block agreement spans at most ${MAX_BLOCK_PERIODS} periods`);
      }
    } else {
      if (a.tariffPence === undefined) issue('tariffPence', 'a per-referral agreement needs a tariff');
      if (a.amountPence !== undefined) issue('amountPence', 'a per-referral agreement has no block amount');
    }
  })
  .openapi('CreateAgreement');

export const presentFund = (f: Fund) => ({
  id: f.id,
  name: f.name,
  managerOrganisationId: f.managerOrganisationId,
  currency: 'GBP' as const,
  totalPence: f.totalPence,
  availablePence: f.availablePence,
  reservedPence: f.reservedPence,
  paidPence: f.paidPence,
  startsOn: f.startsOn,
  endsOn: f.endsOn,
  responseDeadlineDays: f.responseDeadlineDays,
  createdAt: f.createdAt,
});

export const presentAgreement = (a: Agreement, current: { key: string; used: number } | null) => ({
  id: a.id,
  fundId: a.fundId,
  organisationId: a.organisationId,
  activityId: a.activityId,
  kind: a.kind,
  capacity: a.capacity,
  period: a.period,
  tariffPence: a.tariffPence,
  amountPence: a.amountPence,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  createdAt: a.createdAt,
  currentPeriod: current ? { ...current, capacity: a.capacity } : null,
});

const createFund = createRoute({
  method: 'post',
  path: '/',
  tags: ['Funds'],
  summary: 'Set up a fund (fund manager)',
  security: [{ bearer: [] }],
  request: { headers: IdempotencyHeader, ...jsonBody(CreateFund) },
  responses: { 201: jsonResponse(FundSchema, 'Created'), ...commonErrors },
});

const readFund = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Funds'],
  summary: 'A fund and its figures: total = available + reserved + paid',
  security: [{ bearer: [] }],
  request: { params: idParam('fund') },
  responses: { 200: jsonResponse(FundSchema, 'The fund'), ...commonErrors },
});

const createAgreement = createRoute({
  method: 'post',
  path: '/{id}/agreements',
  tags: ['Agreements'],
  summary: 'Agree block or per-referral funding with a VCSE organisation (fund manager)',
  security: [{ bearer: [] }],
  request: { params: idParam('fund'), headers: IdempotencyHeader, ...jsonBody(CreateAgreement) },
  responses: { 201: jsonResponse(AgreementSchema, 'Created'), ...commonErrors, ...conflict('fund_exhausted') },
});

const listAgreements = createRoute({
  method: 'get',
  path: '/{id}/agreements',
  tags: ['Agreements'],
  summary: 'A fund’s agreements, with this period’s use of capacity',
  security: [{ bearer: [] }],
  request: { params: idParam('fund'), query: PageQuery },
  responses: { 200: jsonResponse(pageOf(AgreementSchema, 'AgreementPage'), 'A page of agreements'), ...commonErrors },
});

export const fundRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createFund, async (c) => {
    const principal = requireRole(c, 'fund_manager');
    const organisationId = requireOrganisation(principal);
    const { store, ids, clock } = c.get('deps');
    assertMayHoldFunds(await getOrganisation(store, organisationId));
    const body = c.req.valid('json');
    const now = clock();
    const fund: Fund = {
      id: ids('fund', now),
      name: body.name,
      managerOrganisationId: organisationId,
      totalPence: body.totalPence,
      availablePence: body.totalPence,
      reservedPence: 0,
      paidPence: 0,
      startsOn: body.startsOn,
      endsOn: body.endsOn,
      responseDeadlineDays: body.responseDeadlineDays,
      createdAt: now.toISOString(),
      createdBy: principal.sub,
    };
    await putFund(store, fund, { actor: principal.sub, eventId: ids('event', now), ids });
    c.header('Location', `/v1/funds/${fund.id}`);
    return c.json(presentFund(fund), 201);
  })
  .openapi(readFund, async (c) => {
    const principal = requireRole(c);
    return c.json(presentFund(await visibleFund(c, principal, c.req.valid('param').id, 'read')), 200);
  })
  .openapi(createAgreement, async (c) => {
    const principal = requireRole(c, 'fund_manager');
    const fund = await visibleFund(c, principal, c.req.valid('param').id, 'manage');
    const { store, ids, clock } = c.get('deps');
    const body = c.req.valid('json');
    const invalid = fieldError;
    const organisation = await getOrganisation(store, body.organisationId);
    if (organisation?.kind !== 'vcse') throw invalid('/organisationId', 'must be a VCSE organisation');
    if (body.activityId) {
      const activity = await getActivity(store, body.activityId);
      if (activity?.organisationId !== body.organisationId) throw invalid('/activityId', 'must be an activity of that organisation');
    }
    if (body.startsOn < fund.startsOn || body.endsOn > fund.endsOn) {
      throw invalid('/startsOn', `must fall within the fund (${formatDateRange(fund.startsOn, fund.endsOn)})`);
    }
    const now = clock();
    const agreement: Agreement = {
      id: ids('agreement', now),
      fundId: fund.id,
      organisationId: body.organisationId,
      activityId: body.activityId ?? null,
      kind: body.kind,
      capacity: body.capacity ?? null,
      period: body.period,
      tariffPence: body.tariffPence ?? null,
      amountPence: body.amountPence ?? null,
      startsOn: body.startsOn,
      endsOn: body.endsOn,
      createdAt: now.toISOString(),
      createdBy: principal.sub,
    };
    await putAgreement(store, agreement, { actor: principal.sub, eventId: ids('event', now), ids });
    c.header('Location', `/v1/funds/${fund.id}/agreements/${agreement.id}`);
    return c.json(presentAgreement(agreement, null), 201);
  })
  .openapi(listAgreements, async (c) => {
    const principal = requireRole(c);
    const fundId = c.req.valid('param').id;
    const { store, clock } = c.get('deps');
    const query = c.req.valid('query');
    // A VCSE user sees only its own organisation's agreements; fund-side roles see them all.
    const scope = agreementScope(principal);
    if (scope.by === 'fund') await visibleFund(c, principal, fundId, 'read');
    const onlyOrganisation = scope.by === 'organisation' ? scope.organisationId : undefined;
    const page = await listFundAgreements(store, fundId, query.limit, query.cursor, onlyOrganisation);
    // A VCSE learns of a fund only through its own agreements: a fund that has none with it answers
    // as a fund that does not exist, so the fund itself is never read on its behalf.
    if (onlyOrganisation && !query.cursor && page.items.length === 0) throw new AppError('not_found', `No fund ${fundId}.`);
    const items = await presentWithCurrentPeriod(store, page.items, clock());
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  });
