// /v1/activities: VCSE organisations publish activities; every signed-in user reads the directory.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { assertMayPublishActivities } from '../../../shared/domain/access/organisation.js';
import { ACTIVITY_CATEGORIES, type Activity } from '../../../shared/domain/organisation.js';
import { activityStats, type ActivityStats } from '../../../shared/domain/activity-stats.js';
import { getOrganisation, listActivities, putActivity, readActivityStats } from '../../../shared/store/organisations.js';
import { requireOrganisation, requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { commonErrors, idString, jsonBody, jsonResponse, optionalSafeText, pageOf, PageQuery, safeText, TimestampSchema } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';

export const ActivitySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    name: z.string(),
    category: z.enum(ACTIVITY_CATEGORIES),
    description: z.string().nullable(),
    postcode: z.string().nullable(),
    createdAt: TimestampSchema,
    stats: z
      .object({
        referralsReceived: z.number().int(),
        accepted: z.number().int(),
        declined: z.number().int(),
        expired: z.number().int(),
        withdrawn: z.number().int(),
        acceptanceRate: z.number().nullable().openapi({ description: 'Accepted ÷ (accepted + declined + expired) of referrals sent through the platform' }),
        medianResponseHours: z.number().int().nullable(),
      })
      .openapi('ActivityStats'),
  })
  .openapi('Activity');

// UK postcode shape (not a lookup): outward code, optional space, inward code.
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/;

const CreateActivity = z
  .strictObject({
    name: safeText(200),
    category: z.enum(ACTIVITY_CATEGORIES),
    description: optionalSafeText(2000),
    postcode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(POSTCODE, 'must be a UK postcode such as ME4 4QU')
      .optional(),
  })
  .openapi('CreateActivity');

const ListQuery = PageQuery.extend({
  category: z.enum(ACTIVITY_CATEGORIES).optional().openapi({ param: { name: 'category', in: 'query' } }),
  organisationId: idString('org').optional().openapi({ param: { name: 'organisationId', in: 'query' } }),
});

export const presentActivity = (a: Activity, stats: ActivityStats = activityStats(undefined)) => ({
  id: a.id,
  organisationId: a.organisationId,
  name: a.name,
  category: a.category,
  description: a.description,
  postcode: a.postcode,
  createdAt: a.createdAt,
  stats,
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Activities'],
  summary: 'Publish an activity in the directory (VCSE, own organisation)',
  security: [{ bearer: [] }],
  request: { headers: IdempotencyHeader, ...jsonBody(CreateActivity) },
  responses: { 201: jsonResponse(ActivitySchema, 'Created'), ...commonErrors },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Activities'],
  summary: 'The activity directory',
  security: [{ bearer: [] }],
  request: { query: ListQuery },
  responses: { 200: jsonResponse(pageOf(ActivitySchema, 'ActivityPage'), 'A page of activities'), ...commonErrors },
});

export const activityRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const principal = requireRole(c, 'vcse');
    const organisationId = requireOrganisation(principal);
    const { store, ids, clock } = c.get('deps');
    assertMayPublishActivities(await getOrganisation(store, organisationId));
    const body = c.req.valid('json');
    const now = clock();
    const activity: Activity = {
      id: ids('activity', now),
      organisationId,
      name: body.name,
      category: body.category,
      description: body.description ?? null,
      postcode: body.postcode ? body.postcode.replace(/^(.+?) ?(\d[A-Z]{2})$/, '$1 $2') : null,
      createdAt: now.toISOString(),
    };
    await putActivity(store, activity, { actor: principal.sub, eventId: ids('event', now) });
    c.header('Location', `/v1/activities/${activity.id}`);
    return c.json(presentActivity(activity), 201);
  })
  .openapi(list, async (c) => {
    requireRole(c);
    const query = c.req.valid('query');
    const { store } = c.get('deps');
    const page = await listActivities(store, query, query.limit, query.cursor);
    const stats = await readActivityStats(store, page.items.map((a) => a.id));
    return c.json({ items: page.items.map((a) => presentActivity(a, activityStats(stats.get(a.id)))), nextCursor: page.nextCursor }, 200);
  });
