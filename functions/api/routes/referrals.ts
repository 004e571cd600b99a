// /v1/referrals: link workers send them; VCSE organisations accept, decline, log and record outcomes.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../../shared/domain/errors.js';
import { londonDaysAfter } from '../../../shared/domain/periods.js';
import type { Referral } from '../../../shared/domain/referral.js';
import { assertMayAnswerReferral, assertMayWithdrawReferral, referralCreation, referralScope } from '../../../shared/domain/access/referral.js';
import type { Principal } from '../../../shared/domain/roles.js';
import { acceptReferral, logAcceptedReferral } from '../../../shared/store/acceptance.js';
import { managedFundIds } from '../../../shared/store/funds.js';
import { getActivityDetails } from '../../../shared/store/activities.js';
import { getOrganisation } from '../../../shared/store/organisations.js';
import { answerReferral, listReferrals, putSentReferral, type AnswerChange, type StoredReferral } from '../../../shared/store/referrals.js';
import { requireOrganisation, requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { METRIC } from '../../runtime/metrics.js';
import { commonErrors, conflict, idParam, jsonBody, jsonResponse, noBody, pageOf } from '../schemas/common.js';
import { CreateReferral, ListQuery, present, RecordOutcome, ReferralSchema, SentReferralSchema } from '../schemas/referral.js';
import { DeclineBody, WithdrawBody } from '../schemas/referral-details.js';
import { assertTakesReferrals, loggedAcceptedAt, sendingTerms } from './referral-checks.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import { fieldError } from '../schemas/issue-messages.js';
import { visibleReadReferral, visibleReferral } from '../visible.js';

/**
 * Only the VCSE organisation running the activity answers a referral. The role is checked before the
 * referral is read, so a role that never answers gets 403 for a real referral and a made-up one alike.
 */
const requireProvider = async (c: Context<AppEnv>, id: string) => {
  const principal = requireRole(c, 'vcse');
  assertMayAnswerReferral(principal, await visibleReferral(c, principal, id));
  return principal;
};

/** What every answer to a referral has in common: a POST on the referral, answering it as it now stands. */
const answerRoute = (path: string, summary: string, conflicts: string) => ({
  method: 'post' as const,
  path,
  tags: ['Referrals'],
  summary,
  security: [{ bearer: [] }],
  responses: { 200: jsonResponse(ReferralSchema, 'The referral as it now stands'), ...commonErrors, ...conflict(conflicts) },
});

const action = <B extends z.ZodTypeAny>(path: string, summary: string, body: B, conflicts: string) =>
  createRoute({ ...answerRoute(path, summary, conflicts), request: { params: idParam('ref'), headers: IdempotencyHeader, ...jsonBody(body) } });

const bodyless = (path: string, summary: string, conflicts: string) =>
  createRoute({ ...answerRoute(path, summary, conflicts), request: { params: idParam('ref'), headers: IdempotencyHeader, ...noBody } });

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Referrals'],
  summary: 'Send a referral (link worker), or log one accepted elsewhere (VCSE)',
  security: [{ bearer: [] }],
  request: { headers: IdempotencyHeader, ...jsonBody(CreateReferral) },
  responses: {
    201: jsonResponse(SentReferralSchema, 'Sent (with any warnings), or logged as accepted and funded'),
    ...commonErrors,
    ...conflict('activity_closed, duplicate_referral, capacity_exhausted, fund_exhausted, no_agreement'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Referrals'],
  summary: 'Referrals the caller may see',
  security: [{ bearer: [] }],
  request: { query: ListQuery },
  responses: { 200: jsonResponse(pageOf(ReferralSchema, 'ReferralPage'), 'A page of referrals'), ...commonErrors },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Referrals'],
  summary: 'One referral',
  security: [{ bearer: [] }],
  request: { params: idParam('ref') },
  responses: { 200: jsonResponse(ReferralSchema, 'The referral'), ...commonErrors },
});

const accept = bodyless('/{id}/accept', 'Accept a referral and be funded for it (VCSE)', 'invalid_transition, capacity_exhausted, fund_exhausted, no_agreement');
const decline = action('/{id}/decline', 'Decline a referral with a reason code (VCSE)', DeclineBody, 'invalid_transition');
const withdraw = createRoute({
  ...answerRoute('/{id}/withdraw', 'Withdraw a referral not yet answered, optionally saying why (referring link worker)', 'invalid_transition'),
  request: { params: idParam('ref'), headers: IdempotencyHeader, body: { required: false, content: { 'application/json': { schema: WithdrawBody } } } },
});
const outcome = action('/{id}/outcome', 'Record what happened after acceptance (VCSE)', RecordOutcome, 'invalid_transition');

export const referralRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const principal = requireRole(c, 'link_worker', 'vcse');
    const organisationId = requireOrganisation(principal);
    const { store, ids, clock } = c.get('deps');
    const body = c.req.valid('json');
    const now = clock();
    const activity = await getActivityDetails(store, body.activityId);
    const referrer = await getOrganisation(store, organisationId);
    const logging = referralCreation(principal) === 'log';
    const base = {
      id: ids('referral', now),
      activityId: body.activityId,
      organisationId: activity?.organisationId ?? '',
      referrerOrganisationId: organisationId,
      clientRef: body.clientRef,
      source: body.source,
      priorityGroup: body.priorityGroup ?? null,
      pcnOdsCode: body.pcnOdsCode ?? null,
      snomedCode: body.snomedCode ?? null,
      outcome: null,
      declineReason: null,
      funding: null,
      outcomeAt: null,
      createdBy: principal.sub,
      referrerOrganisationName: referrer?.name ?? null,
      referrerContact: body.referrerContact ? { email: body.referrerContact.email ?? null, phone: body.referrerContact.phone ?? null } : null,
      declineReasonCode: null,
      withdrawReason: null,
    };
    const invalid = fieldError;
    if (logging) {
      if (!activity || activity.organisationId !== organisationId) throw invalid('/activityId', 'must be one of your organisation’s activities');
      if (!body.externalRef) throw invalid('/externalRef', 'is required when logging a referral accepted elsewhere');
      if (!body.acceptedAt) throw invalid('/acceptedAt', 'is required when logging a referral accepted elsewhere');
      assertTakesReferrals(activity);
      const { acceptedAt, agreements } = await loggedAcceptedAt(c, activity, body.acceptedAt);
      const referral: Referral = {
        ...base,
        externalRef: body.externalRef,
        status: 'accepted',
        sentAt: acceptedAt,
        respondBy: null,
        respondedAt: acceptedAt,
        acceptedAt,
      };
      const logged = await countOutcome(c, () => logAcceptedReferral(store, referral, { at: now.toISOString(), actor: principal.sub, ids, agreements }));
      c.header('Location', `/v1/referrals/${logged.id}`);
      return c.json({ ...present(logged, principal), warnings: [] }, 201);
    }
    if (!activity) throw invalid('/activityId', 'must be an activity in the directory');
    if (body.externalRef || body.acceptedAt) throw invalid('/externalRef', 'only a VCSE logging an accepted referral sets this');
    assertTakesReferrals(activity);
    const { warnings, respondWithinDays } = await sendingTerms(c, activity);
    const referral: Referral = {
      ...base,
      externalRef: null,
      status: 'sent',
      sentAt: now.toISOString(),
      respondBy: londonDaysAfter(now, respondWithinDays).toISOString(),
      respondedAt: null,
      acceptedAt: null,
    };
    await putSentReferral(store, referral, { actor: principal.sub, eventId: ids('event', now) });
    c.header('Location', `/v1/referrals/${referral.id}`);
    return c.json({ ...present(referral, principal), warnings }, 201);
  })
  .openapi(list, async (c) => {
    const principal = requireRole(c);
    const query = c.req.valid('query');
    const { store } = c.get('deps');
    const scope = referralScope(principal);
    const view = scope.by === 'managed_funds' ? ({ by: 'funds', fundIds: await managedFundIds(store, scope.managerOrganisationId) } as const) : scope;
    const page = await listReferrals(store, view, query, query.limit, query.cursor);
    return c.json({ items: page.items.map((r) => present(r, principal)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(read, async (c) => {
    const principal = requireRole(c);
    return c.json(present(await visibleReferral(c, principal, c.req.valid('param').id), principal), 200);
  })
  .openapi(accept, async (c) => {
    const { id } = c.req.valid('param');
    // requireProvider's check, run on the referral as acceptance reads it beside the caller's agreements: read once, not twice.
    const principal = requireRole(c, 'vcse');
    const admit = async (referral: StoredReferral | undefined) => assertMayAnswerReferral(principal, await visibleReadReferral(c, principal, id, referral));
    const { store, ids, clock } = c.get('deps');
    const request = { at: clock().toISOString(), actor: principal.sub, ids, providerId: principal.organisationId, admit };
    const accepted = await countOutcome(c, () => acceptReferral(store, id, request));
    return c.json(present(accepted, principal), 200);
  })
  .openapi(decline, async (c) => {
    const { id } = c.req.valid('param');
    const principal = await requireProvider(c, id);
    const { reason, reasonCode } = c.req.valid('json');
    return c.json(present(await answer(c, principal, id, { to: 'declined', reason: reason ?? null, reasonCode: reasonCode ?? 'other' }), principal), 200);
  })
  .openapi(withdraw, async (c) => {
    const { id } = c.req.valid('param');
    // As for answers: the role first, then the referral, so ids are not probed through a 403/404 difference.
    const principal = requireRole(c, 'link_worker');
    assertMayWithdrawReferral(principal, await visibleReferral(c, principal, id));
    const reason = (c.req.valid('json') as { reason?: string } | undefined)?.reason;
    return c.json(present(await answer(c, principal, id, { to: 'withdrawn', reason: reason ?? null }), principal), 200);
  })
  .openapi(outcome, async (c) => {
    const { id } = c.req.valid('param');
    const principal = await requireProvider(c, id);
    const body = c.req.valid('json');
    return c.json(present(await answer(c, principal, id, { to: 'outcome', outcome: body.outcome }), principal), 200);
  });

const answer = (c: Context<AppEnv>, principal: Principal, referralId: string, change: AnswerChange) => {
  const { store, ids, clock } = c.get('deps');
  const now = clock();
  return answerReferral(store, { ...change, referralId, at: now.toISOString(), actor: principal.sub, eventId: ids('event', now) });
};

/** Acceptances and the refusals a commissioner would want to see rising, as metrics. */
const countOutcome = async <T>(c: Context<AppEnv>, accept: () => Promise<T>): Promise<T> => {
  const { metrics } = c.get('deps');
  try {
    const result = await accept();
    metrics.count(METRIC.referralsAccepted);
    return result;
  } catch (error) {
    if (error instanceof AppError && error.code === 'capacity_exhausted') metrics.count(METRIC.capacityRejections);
    if (error instanceof AppError && error.code === 'fund_exhausted') metrics.count(METRIC.fundRejections);
    throw error;
  }
};
