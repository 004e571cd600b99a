// /v1/organisations: admins register organisations; members and fund-side roles read them.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertMayOnboard, visibleOrganisationOf } from '../../../shared/domain/access/organisation.js';
import { AppError } from '../../../shared/domain/errors.js';
import { ORGANISATION_KINDS, type Organisation } from '../../../shared/domain/organisation.js';
import { getOrganisation, putOrganisation } from '../../../shared/store/organisations.js';
import { linkStripeAccount, recordAccountRequest } from '../../../shared/store/stripe-accounts.js';
import { stripeUnconfigured } from '../../../shared/stripe/errors.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { codeWithoutNhsNumber, commonErrors, idParam, jsonBody, jsonResponse, noBody, safeText, TimestampSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import { hasPublicProfile, publicProfile, PublicProfileSchema } from './organisation-profile.js';

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
    odsCode: codeWithoutNhsNumber(/^[A-Z0-9]{3,10}$/, 'must be an ODS code').optional(),
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
  summary: 'Read an organisation: the full record for its members, fund managers, commissioners and admins; a provider’s public profile for anyone signed in',
  security: [{ bearer: [] }],
  request: { params: idParam('org') },
  responses: { 200: jsonResponse(z.union([OrganisationSchema, PublicProfileSchema]), 'The organisation, or its public profile'), ...commonErrors },
});

const onboarding = createRoute({
  method: 'post',
  path: '/{id}/stripe-onboarding',
  tags: ['Organisations'],
  summary: 'Start or resume Stripe Connect onboarding (VCSE, own organisation)',
  description: 'Creates the Stripe Express connected account once, then returns a fresh Account Link to open in a browser.',
  security: [{ bearer: [] }],
  request: { params: idParam('org'), headers: IdempotencyHeader, ...noBody },
  responses: { 200: jsonResponse(z.object({ url: z.string().url(), expiresAt: TimestampSchema }).openapi('OnboardingLink'), 'Open this link to onboard'), ...commonErrors },
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
    const { store } = c.get('deps');
    const found = await getOrganisation(store, id);
    let organisation;
    try {
      organisation = visibleOrganisationOf(principal, found, id);
    } catch (error) {
      // Whoever may not see the record still sees a provider's public profile.
      if (error instanceof AppError && error.code === 'not_found' && found && hasPublicProfile(found)) return c.json(await publicProfile(store, found), 200);
      throw error;
    }
    return c.json(presentOrganisation(organisation), 200);
  })
  .openapi(onboarding, async (c) => {
    const principal = requireRole(c);
    const { id } = c.req.valid('param');
    const { store, stripe, ids, clock, publicUrl } = c.get('deps');
    const organisation = assertMayOnboard(principal, await getOrganisation(store, id), id);
    if (!stripe) throw new AppError('stripe_unconfigured', 'Payments are not set up on this deployment.');
    let accountId = organisation.stripeAccountId;
    if (!accountId) {
      // Nothing is recorded for a request that cannot reach Stripe (a fresh deployment without its keys).
      if ((await stripe.status()).state !== 'configured') throw stripeUnconfigured('onboarding asked before the keys were stored');
      // Recorded before Stripe is asked, in wall-clock time (Stripe's `created` is real time, whatever
      // the business clock says). A request after an unanswered one looks for the account it made:
      // the same key replays it for 24 hours, the lookup finds it after Stripe forgets the key.
      const earlierRequestAt = await recordAccountRequest(store, id, Date.now());
      const account = await stripe.createConnectedAccount({ organisationId: id, idempotencyKey: `connected-account-${id}`, earlierRequestAt });
      if (account.adopted) c.get('logger').warn('adopted the connected account an unanswered request made', { organisationId: id, stripeAccountId: account.id });
      accountId = account.id;
      const now = clock();
      await linkStripeAccount(store, id, accountId, { at: now.toISOString(), actor: principal.sub, eventId: ids('event', now), adopted: account.adopted });
    }
    const link = await stripe.createAccountLink({
      accountId,
      refreshUrl: `${publicUrl}/onboarding-refresh?organisationId=${id}`,
      returnUrl: `${publicUrl}/onboarding-complete?organisationId=${id}`,
    });
    return c.json({ url: link.url, expiresAt: new Date(link.expiresAt * 1000).toISOString() }, 200);
  });
