// /v1/organisations/{id}/notification-settings and /v1/funds/{id}/notification-settings: who is told what.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../../shared/domain/errors.js';
import { hasRole, type Principal } from '../../../shared/domain/roles.js';
import { MAX_ADDRESSES, MAX_REMINDER_DAYS, normaliseAddresses, SettingsInput, type NotificationSettings } from '../../../shared/notify/preferences.js';
import { ALWAYS_SENT, NOTIFICATION_KINDS } from '../../../shared/notify/templates.js';
import {
  getFundNotificationSettings,
  getNotificationSettings,
  putFundNotificationSettings,
  putNotificationSettings,
  type FundNotificationSettings,
} from '../../../shared/store/notifications.js';
import { getOrganisation } from '../../../shared/store/organisations.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, idParam, jsonBody, jsonResponse, TimestampSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import type { Context } from 'hono';
import { belongsTo } from '../../../shared/domain/access/principal.js';
import { visibleFund } from '../visible.js';

const Kind = z.enum(NOTIFICATION_KINDS);

const SettingsSchema = z
  .object({
    organisationId: z.string(),
    addresses: z.array(z.object({ email: z.string(), receives: z.array(Kind) })),
    alwaysSent: z.array(Kind).openapi({ description: 'Sent to every address whatever it chose: remittance advice.' }),
    updatedAt: TimestampSchema.nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('NotificationSettings');

// Shared with the notifier (plain zod, so without OpenAPI metadata of its own).
const SettingsBody = SettingsInput;

const FundSettingsSchema = z
  .object({ fundId: z.string(), reminderDaysBefore: z.array(z.number().int()), updatedAt: TimestampSchema.nullable(), updatedBy: z.string().nullable() })
  .openapi('FundNotificationSettings');

const FundSettingsBody = z
  .strictObject({
    reminderDaysBefore: z
      .array(z.number().int().min(1).max(MAX_REMINDER_DAYS))
      .max(3)
      .refine((days) => new Set(days).size === days.length, { message: 'lists the same day twice' }),
  })
  .openapi('FundNotificationSettingsInput', { description: 'Days before a referral expires that its VCSE is reminded; [] for none. Default [3, 1].' });

const common = { tags: ['Notifications'], security: [{ bearer: [] }] };
const ORG_PATH = '/organisations/{id}/notification-settings';
const FUND_PATH = '/funds/{id}/notification-settings';

const readOrg = createRoute({
  ...common,
  method: 'get',
  path: ORG_PATH,
  summary: 'Read who in an organisation receives which notifications (its members, admin)',
  request: { params: idParam('org') },
  responses: { 200: jsonResponse(SettingsSchema, 'The settings'), ...commonErrors },
});
const writeOrg = createRoute({
  ...common,
  method: 'put',
  path: ORG_PATH,
  summary: 'Replace an organisation’s notification addresses (its members, admin; audited)',
  description: `Up to ${MAX_ADDRESSES} addresses, each with the kinds it receives (all when omitted). Remittance advice always goes to every address.`,
  request: { params: idParam('org'), headers: IdempotencyHeader, ...jsonBody(SettingsBody) },
  responses: { 200: jsonResponse(SettingsSchema, 'The settings saved'), ...commonErrors },
});
const readFund = createRoute({
  ...common,
  method: 'get',
  path: FUND_PATH,
  summary: 'Read a fund’s reminder days (its fund managers, commissioners, admin)',
  request: { params: idParam('fund') },
  responses: { 200: jsonResponse(FundSettingsSchema, 'The settings'), ...commonErrors },
});
const writeFund = createRoute({
  ...common,
  method: 'put',
  path: FUND_PATH,
  summary: 'Set the days before expiry that referrals are reminded (its fund managers; audited)',
  request: { params: idParam('fund'), headers: IdempotencyHeader, ...jsonBody(FundSettingsBody) },
  responses: { 200: jsonResponse(FundSettingsSchema, 'The settings saved'), ...commonErrors },
});

/** Members of the organisation read and change its settings; commissioners write nothing; admins act for anyone. */
const ownOrganisation = async (c: Context<AppEnv>, principal: Principal, id: string, purpose: 'read' | 'write') => {
  if (purpose === 'write' && hasRole(principal, 'commissioner') && !hasRole(principal, 'admin')) {
    throw new AppError('forbidden', 'Commissioners read everything and change nothing.');
  }
  const organisation = await getOrganisation(c.get('deps').store, id);
  if (!organisation || !(hasRole(principal, 'admin') || belongsTo(principal, id))) throw new AppError('not_found', `No organisation ${id}.`);
  return organisation;
};

const present = (s: NotificationSettings) => ({
  organisationId: s.organisationId,
  addresses: s.addresses.map((a) => ({ email: a.email, receives: [...a.receives] })),
  alwaysSent: [...ALWAYS_SENT],
  updatedAt: s.updatedAt,
  updatedBy: s.updatedBy,
});

const presentFund = (s: FundNotificationSettings) => ({
  fundId: s.fundId,
  reminderDaysBefore: [...s.reminderDaysBefore],
  updatedAt: s.updatedAt,
  updatedBy: s.updatedBy,
});

export const notificationSettingsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(readOrg, async (c) => {
    const { id } = c.req.valid('param');
    await ownOrganisation(c, requireRole(c), id, 'read');
    return c.json(present(await getNotificationSettings(c.get('deps').store, id)), 200);
  })
  .openapi(writeOrg, async (c) => {
    const principal = requireRole(c);
    const { id } = c.req.valid('param');
    await ownOrganisation(c, principal, id, 'write');
    const { store, clock, ids } = c.get('deps');
    const now = clock();
    const saved = await putNotificationSettings(store, id, normaliseAddresses(c.req.valid('json')), {
      at: now.toISOString(),
      actor: principal.sub,
      eventId: ids('event', now),
    });
    return c.json(present(saved), 200);
  })
  .openapi(readFund, async (c) => {
    const { id } = c.req.valid('param');
    await visibleFund(c, requireRole(c), id, 'read');
    return c.json(presentFund(await getFundNotificationSettings(c.get('deps').store, id)), 200);
  })
  .openapi(writeFund, async (c) => {
    const principal = requireRole(c);
    const { id } = c.req.valid('param');
    await visibleFund(c, principal, id, 'manage');
    const { store, clock, ids } = c.get('deps');
    const now = clock();
    const days = [...c.req.valid('json').reminderDaysBefore].sort((a, b) => b - a);
    const saved = await putFundNotificationSettings(store, id, days, { at: now.toISOString(), actor: principal.sub, eventId: ids('event', now) });
    return c.json(presentFund(saved), 200);
  });
