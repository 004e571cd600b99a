// /v1/organisations/{id}/undelivered-emails and /v1/undelivered-emails: e-mails GOV.UK Notify could not deliver, for whoever can fix the address.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertMaySeeAllUndelivered, mayFundManagerSeeUndelivered, visibleUndeliveredOf } from '../../../shared/domain/access/organisation.js';
import { hasRole } from '../../../shared/domain/roles.js';
import { FAILED_STATUSES } from '../../../shared/store/delivery-status.js';
import { getOrganisation, organisationsByIds } from '../../../shared/store/organisations.js';
import type { Page } from '../../../shared/store/pagination.js';
import { UNDELIVERED_DAYS, undeliveredEmails, type UndeliveredEmail } from '../../../shared/store/undelivered-emails.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../shared/notify/templates.js';
import type { AppEnv } from '../../runtime/env.js';
import { requireRole } from '../middleware/auth.js';
import { commonErrors, idParam, jsonResponse, pageOf, PageQuery, TimestampSchema } from '../schemas/common.js';

const UndeliveredSchema = z
  .object({
    organisationId: z.string(),
    email: z.string().openapi({ description: 'The address in the organisation’s notification settings the message went to' }),
    kind: z.enum(NOTIFICATION_KINDS),
    status: z.enum(FAILED_STATUSES).openapi({
      description:
        'GOV.UK Notify’s final status: `permanent-failure` (the address does not exist or refused it: check it), ' +
        '`temporary-failure` (the mailbox was full or unavailable), `technical-failure` (a fault at Notify)',
    }),
    sentAt: TimestampSchema,
  })
  .openapi('UndeliveredEmail');

const description =
  `Messages sent in the last ${UNDELIVERED_DAYS} days that Notify could not deliver, oldest first, found by the notifier's hourly delivery check. ` +
  'A failure is left out once its address is no longer in the organisation’s notification settings (corrected) or a message sent later to the same address was delivered.';

const common = { tags: ['Notifications'], security: [{ bearer: [] }] };

const forOrganisation = createRoute({
  ...common,
  method: 'get',
  path: '/organisations/{id}/undelivered-emails',
  summary: 'E-mails to an organisation’s addresses that could not be delivered (its members, admin, and fund managers for a VCSE organisation)',
  description,
  request: { params: idParam('org'), query: PageQuery },
  responses: { 200: jsonResponse(pageOf(UndeliveredSchema, 'UndeliveredEmailPage'), 'A page of undelivered e-mails'), ...commonErrors },
});

const forEveryone = createRoute({
  ...common,
  method: 'get',
  path: '/undelivered-emails',
  summary: 'E-mails to any organisation that could not be delivered (admin; fund managers see VCSE organisations’ only)',
  description: `${description} A page may hold fewer than \`limit\` items while \`nextCursor\` says there are more.`,
  request: { query: PageQuery },
  responses: { 200: jsonResponse(pageOf(UndeliveredSchema, 'UndeliveredEmailPage'), 'A page of undelivered e-mails'), ...commonErrors },
});

/** Delivery records are written only for the kinds the notifier sends. */
const present = (page: Page<UndeliveredEmail>) => ({
  items: page.items.map((item) => ({ ...item, kind: item.kind as NotificationKind })),
  nextCursor: page.nextCursor,
});

export const undeliveredEmailRoutes = new OpenAPIHono<AppEnv>()
  .openapi(forOrganisation, async (c) => {
    const principal = requireRole(c);
    const { id } = c.req.valid('param');
    const { store, clock } = c.get('deps');
    visibleUndeliveredOf(principal, await getOrganisation(store, id), id);
    const page = await undeliveredEmails(store, { organisationId: id }, clock(), c.req.valid('query'));
    return c.json(present(page), 200);
  })
  .openapi(forEveryone, async (c) => {
    const principal = requireRole(c);
    assertMaySeeAllUndelivered(principal);
    const { store, clock } = c.get('deps');
    const page = await undeliveredEmails(store, 'all', clock(), c.req.valid('query'));
    if (hasRole(principal, 'admin')) return c.json(present(page), 200);
    // A fund manager: only the VCSE organisations' addresses (referrers', commissioners' and other fund managers' are not theirs to see).
    const organisations = await organisationsByIds(store, [...new Set(page.items.map((item) => item.organisationId))]);
    const items = page.items.filter((item) => {
      const organisation = organisations.get(item.organisationId);
      return organisation !== undefined && mayFundManagerSeeUndelivered(organisation);
    });
    return c.json(present({ ...page, items }), 200);
  });
