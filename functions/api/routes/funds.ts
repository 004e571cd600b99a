// /v1/funds and their agreements: fund managers set them up; commissioners read them.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Agreement } from '../../../shared/domain/agreement.js';
import { AppError } from '../../../shared/domain/errors.js';
import { formatDateRange } from '../../../shared/domain/format.js';
import type { Fund } from '../../../shared/domain/fund.js';
import { agreementScope } from '../../../shared/domain/access/agreement.js';
import { assertMayHoldFunds } from '../../../shared/domain/access/organisation.js';
import { listFundAgreements, putAgreement, putFund } from '../../../shared/store/funds.js';
import { getActivity, getOrganisation } from '../../../shared/store/organisations.js';
import { requireOrganisation, requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, conflict, idParam, jsonBody, jsonResponse, pageOf, PageQuery } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import { visibleFund } from '../visible.js';
import { presentWithCurrentPeriod } from './agreement-periods.js';
import { AgreementSchema, CreateAgreement, CreateFund, FundSchema, presentAgreement, presentFund } from '../schemas/fund.js';
import { fieldError } from '../schemas/issue-messages.js';

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
