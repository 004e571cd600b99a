// The Open Referral UK 3.0 API: the read endpoints of the profile's OpenAPI document, public and
// without sign-in (any credentials sent are ignored), as directories and the ORUK validator read them.
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { AppError } from '../../shared/domain/errors.js';
import {
  orukService,
  orukServiceAtLocation,
  orukServiceAtLocationSummary,
  orukServiceSummary,
} from '../../shared/domain/exports/open-referral.js';
import { distancesFrom } from '../../shared/domain/exports/oruk-distance.js';
import { filterDirectory, orukPage, type DirectoryEntry, type DistanceKm } from '../../shared/domain/exports/oruk-query.js';
import { orukId } from '../../shared/domain/exports/oruk-ids.js';
import { orukTaxonomy, orukTaxonomyTerms, taxonomyId } from '../../shared/domain/exports/oruk-taxonomy.js';
import { readDirectory } from '../../shared/store/exports.js';
import type { Deps } from '../runtime/deps.js';
import type { AppEnv } from '../runtime/env.js';
import { onError, onNotFound } from '../runtime/problems.js';
import { requestContext } from '../runtime/request-context.js';
import { PagingQuery, parseQuery, ServiceQuery } from './query.js';

export const OPEN_REFERRAL_PREFIX = '/openreferral';
/** The profile's own OpenAPI document, which this API implements. */
export const PROFILE_OPENAPI_URL = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json';
const PROFILE_URL = 'https://github.com/OpenReferralUK/uk-profile';

export interface OpenReferralOptions {
  /** Distances from a postcode district to each activity, or undefined when it cannot be placed (default: the shipped district table). */
  readonly distancesFrom?: (district: string) => DistanceKm | undefined;
}

/** The profile requires `Access-Control-Allow-Origin: *` so browser applications can read any directory. */
const publicCors = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] });

/** Its own room: no sign-in middleware at all, so credentials sent with a request are never read. */
export const createOpenReferralApp = (deps: Deps, options: OpenReferralOptions = {}) => {
  // Not strict: the root answers as /openreferral and /openreferral/ alike.
  const app = new Hono<AppEnv>({ strict: false }).basePath(OPEN_REFERRAL_PREFIX);
  app.onError(onError);
  app.notFound(onNotFound);
  app.use('*', requestContext(deps));
  app.use('*', publicCors);
  app.use('*', async (c, next) => {
    await next();
    // Public data that changes when a provider edits an activity: a minute's caching is plenty.
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=60');
  });

  const directory = async (c: Context<AppEnv>) => {
    const query = parseQuery(ServiceQuery, c.req.query());
    return { query, entries: select(await readDirectory(c.get('deps').store), query, options) };
  };
  const byId = async (c: Context<AppEnv>, kind: string) => {
    const id = c.req.param('id');
    return (await readDirectory(c.get('deps').store)).find((e) => orukId(kind, e.activity.id) === id);
  };

  app.get('/', (c) => c.json({ version: '3.0', profile: PROFILE_URL, openapi_url: PROFILE_OPENAPI_URL }));

  app.get('/services', async (c) => {
    const { query, entries } = await directory(c);
    return c.json(orukPage(entries.map((e) => orukServiceSummary(e.activity, e.organisation)), query.page, query.per_page));
  });

  app.get('/services/:id', async (c) => {
    const entry = await byId(c, 'service');
    if (!entry) throw new AppError('not_found', `No service ${c.req.param('id')}.`);
    return c.json(orukService(entry.activity, entry.organisation, deps.publicUrl));
  });

  app.get('/service_at_locations', async (c) => {
    const { query, entries } = await directory(c);
    const placed = entries.filter((e) => e.activity.postcode);
    return c.json(orukPage(placed.map((e) => orukServiceAtLocationSummary(e.activity, e.organisation)), query.page, query.per_page));
  });

  app.get('/service_at_locations/:id', async (c) => {
    const entry = await byId(c, 'service-at-location');
    if (!entry?.activity.postcode) throw new AppError('not_found', `No service at location ${c.req.param('id')}.`);
    return c.json(orukServiceAtLocation(entry.activity, entry.organisation, deps.publicUrl));
  });

  app.get('/taxonomies', (c) => {
    const { page, per_page } = parseQuery(PagingQuery, c.req.query());
    return c.json(orukPage([orukTaxonomy(deps.publicUrl, false)], page, per_page));
  });

  app.get('/taxonomies/:id', (c) => {
    if (c.req.param('id') !== taxonomyId()) throw new AppError('not_found', `No taxonomy ${c.req.param('id')}.`);
    return c.json(orukTaxonomy(deps.publicUrl, true));
  });

  app.get('/taxonomy_terms', (c) => {
    const { page, per_page } = parseQuery(PagingQuery, c.req.query());
    return c.json(orukPage(orukTaxonomyTerms(deps.publicUrl), page, per_page));
  });

  app.get('/taxonomy_terms/:id', (c) => {
    const term = orukTaxonomyTerms(deps.publicUrl).find((t) => t.id === c.req.param('id'));
    if (!term) throw new AppError('not_found', `No taxonomy term ${c.req.param('id')}.`);
    return c.json(term);
  });

  return app;
};

/** The directory a services query asks for; a postcode that cannot be placed is refused, not ignored. */
const select = (entries: DirectoryEntry[], query: ServiceQuery, options: OpenReferralOptions): DirectoryEntry[] => {
  const filters = { search: query.search, taxonomyTermId: query.taxonomy_term_id, taxonomyId: query.taxonomy_id, proximityMetres: query.proximity };
  if (query.postcode === undefined) {
    if (query.proximity !== undefined) throw new AppError('validation_failed', 'proximity needs a postcode to measure from.');
    return filterDirectory(entries, filters);
  }
  const distances = (options.distancesFrom ?? distancesFrom)(query.postcode);
  if (!distances) throw new AppError('validation_failed', `The postcode district ${query.postcode} is outside the area the directory covers.`);
  return filterDirectory(entries, filters, distances);
};

export type OpenReferralApp = ReturnType<typeof createOpenReferralApp>;
