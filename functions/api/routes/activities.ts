// /v1/activities: VCSE organisations publish and change activities; every signed-in user reads the directory.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ownActivityOf } from '../../../shared/domain/access/activity.js';
import { assertMayPublishActivities } from '../../../shared/domain/access/organisation.js';
import { activityDetails, searchText, type ActivityDetails } from '../../../shared/domain/activity.js';
import { activityStats } from '../../../shared/domain/activity-stats.js';
import { AppError } from '../../../shared/domain/errors.js';
import { ACTIVITY_CATEGORIES } from '../../../shared/domain/organisation.js';
import { londonDate } from '../../../shared/domain/periods.js';
import { districtDistanceKm, districtOf } from '../../../shared/domain/postcodes.js';
import {
  fundingPictures,
  getActivityDetails,
  listDirectory,
  listWholeDirectory,
  offsetCursor,
  providersOf,
  updateActivity,
  type ActivityChanges,
} from '../../../shared/store/activities.js';
import { getOrganisation, putActivity, readActivityStats } from '../../../shared/store/organisations.js';
import { requireOrganisation, requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../../runtime/env.js';
import { toContact } from '../schemas/contact.js';
import { DistrictSchema } from '../schemas/postcode.js';
import { commonErrors, conflict, idParam, idString, jsonBody, jsonResponse, pageOf, PageQuery } from '../schemas/common.js';
import { IdempotencyHeader } from '../schemas/headers.js';
import { ActivitySchema, CreateActivity, presentActivity, UpdateActivity } from './activity-schemas.js';

const ListQuery = PageQuery.extend({
  category: z.enum(ACTIVITY_CATEGORIES).optional().openapi({ param: { name: 'category', in: 'query' } }),
  organisationId: idString('org').optional().openapi({ param: { name: 'organisationId', in: 'query' }, description: 'One organisation’s activities, closed ones included' }),
  q: z.string().trim().max(100).optional().openapi({ param: { name: 'q', in: 'query' }, description: 'Words that must all appear in the name or description' }),
  postcode: DistrictSchema.optional().openapi({ param: { name: 'postcode', in: 'query' }, description: 'Nearest first, by postcode district' }),
});

/** Directory entries for these activities: provider, statistics and whether each can take a funded referral today. */
const entries = async (c: Context<AppEnv>, activities: readonly ActivityDetails[], distances?: ReadonlyMap<string, number | null>) => {
  const { store, clock } = c.get('deps');
  const today = londonDate(clock());
  const orgIds = [...new Set(activities.map((a) => a.organisationId))];
  const [stats, orgs, pictures] = await Promise.all([
    readActivityStats(store, activities.map((a) => a.id)),
    providersOf(store, orgIds),
    fundingPictures(store, orgIds, today),
  ]);
  return activities.map((a) =>
    presentActivity(a, {
      stats: activityStats(stats.get(a.id)),
      provider: orgs.get(a.organisationId),
      picture: pictures.get(a.organisationId),
      today,
      distanceKm: distances?.get(a.id),
    }),
  );
};


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
  summary: 'The activity directory: search with q, nearest first with postcode',
  description: 'Closed activities are left out unless organisationId is given. With postcode, each entry carries distanceKm and the list is nearest first (unknown districts last).',
  security: [{ bearer: [] }],
  request: { query: ListQuery },
  responses: { 200: jsonResponse(pageOf(ActivitySchema, 'ActivityPage'), 'A page of activities'), ...commonErrors },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Activities'],
  summary: 'One directory entry',
  security: [{ bearer: [] }],
  request: { params: idParam('act') },
  responses: { 200: jsonResponse(ActivitySchema, 'The activity'), ...commonErrors },
});

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Activities'],
  summary: 'Change an activity, or pause or close it (VCSE, own organisation)',
  security: [{ bearer: [] }],
  request: { params: idParam('act'), ...jsonBody(UpdateActivity) },
  responses: { 200: jsonResponse(ActivitySchema, 'The activity as it now stands'), ...commonErrors, ...conflict('invalid_transition (changed by someone else meanwhile)') },
});

export const activityRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const principal = requireRole(c, 'vcse');
    const organisationId = requireOrganisation(principal);
    const { store, ids, clock } = c.get('deps');
    assertMayPublishActivities(await getOrganisation(store, organisationId));
    const body = c.req.valid('json');
    const now = clock();
    const activity = activityDetails({
      id: ids('activity', now),
      organisationId,
      name: body.name,
      category: body.category,
      description: body.description ?? null,
      postcode: body.postcode ?? null,
      when: body.when ?? null,
      where: body.where ?? null,
      contact: toContact(body.contact) ?? null,
      publicContact: toContact(body.publicContact) ?? null,
      status: 'active',
      createdAt: now.toISOString(),
    });
    // putActivity stores every field it is given: the details and the text `?q=` searches.
    await putActivity(store, { ...activity, searchText: searchText(activity) } as ActivityDetails, { actor: principal.sub, eventId: ids('event', now) });
    c.header('Location', `/v1/activities/${activity.id}`);
    return c.json((await entries(c, [activity]))[0]!, 201);
  })
  .openapi(list, async (c) => {
    requireRole(c);
    const query = c.req.valid('query');
    const { store } = c.get('deps');
    const filter = {
      category: query.category,
      organisationId: query.organisationId,
      words: (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean),
      includeClosed: query.organisationId !== undefined,
    };
    if (!query.postcode) {
      const page = await listDirectory(store, filter, query.limit, query.cursor);
      return c.json({ items: await entries(c, page.items), nextCursor: page.nextCursor }, 200);
    }
    // Nearest first needs every match in hand; the directory is small enough to sort in memory.
    const from = query.postcode;
    const all = await listWholeDirectory(store, filter);
    const distances = new Map(all.map((a) => [a.id, a.postcode ? (districtDistanceKm(from, districtOf(a.postcode)) ?? null) : null]));
    const far = Number.POSITIVE_INFINITY;
    all.sort((a, b) => (distances.get(a.id) ?? far) - (distances.get(b.id) ?? far) || a.id.localeCompare(b.id));
    const offset = offsetCursor.decode(query.cursor);
    const slice = all.slice(offset, offset + query.limit);
    return c.json({ items: await entries(c, slice, distances), nextCursor: offsetCursor.encode(offset + slice.length, all.length) }, 200);
  })
  .openapi(read, async (c) => {
    requireRole(c);
    const { id } = c.req.valid('param');
    const activity = await getActivityDetails(c.get('deps').store, id);
    if (!activity) throw new AppError('not_found', `No activity ${id}.`);
    return c.json((await entries(c, [activity]))[0]!, 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const principal = requireRole(c);
    const activity = ownActivityOf(principal, await getActivityDetails(c.get('deps').store, id), id);
    const body = c.req.valid('json');
    const { store, ids, clock } = c.get('deps');
    const { contact, publicContact, ...plain } = body;
    const changes: ActivityChanges = {
      ...plain,
      ...(contact !== undefined ? { contact: toContact(contact) ?? null } : {}),
      ...(publicContact !== undefined ? { publicContact: toContact(publicContact) ?? null } : {}),
    };
    const now = clock();
    const updated = await updateActivity(store, activity, changes, { actor: principal.sub, eventId: ids('event', now), at: now.toISOString() });
    return c.json((await entries(c, [updated]))[0]!, 200);
  });
