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
import { filterDirectory, orukPage, type DirectoryEntry, type DistanceKm } from '../../shared/domain/exports/oruk-query.js';
import { orukId } from '../../shared/domain/exports/oruk-ids.js';
import { orukTaxonomy, orukTaxonomyTerms, taxonomyId } from '../../shared/domain/exports/oruk-taxonomy.js';
import type { Store } from '../../shared/store/client.js';
import { readDirectory } from '../../shared/store/exports.js';
import { onOpenReferralError, onOpenReferralNotFound, type OpenReferralEnv } from './problems.js';
import { PagingQuery, parseQuery, ServiceQuery } from './query.js';

export const OPEN_REFERRAL_PREFIX = '/openreferral';
/** The profile's own OpenAPI document, which this API implements. */
export const PROFILE_OPENAPI_URL = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json';
const PROFILE_URL = 'https://github.com/OpenReferralUK/uk-profile';

export interface OpenReferralDeps {
  readonly store: Store;
  /** Where the API is reached from outside, for the URIs it publishes. */
  readonly publicUrl: string;
  /** Distances from a postcode to each activity, or undefined when the postcode cannot be placed. */
  readonly distancesFrom?: (postcode: string) => DistanceKm | undefined;
}

/** The profile requires `Access-Control-Allow-Origin: *` so browser applications can read any directory. */
const publicCors = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] });

export const createOpenReferralApp = (deps: OpenReferralDeps) => {
  // Not strict: the root answers as /openreferral and /openreferral/ alike.
  const app = new Hono<OpenReferralEnv>({ strict: false }).basePath(OPEN_REFERRAL_PREFIX);
  app.onError(onOpenReferralError);
  app.notFound(onOpenReferralNotFound);
  app.use('*', publicCors);
  app.use('*', async (c, next) => {
    await next();
    // Public data that changes when a provider edits an activity: a minute's caching is plenty.
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=60');
  });

  const directory = (c: Context<OpenReferralEnv>) => {
    const query = parseQuery(ServiceQuery, c.req.query());
    return readDirectory(deps.store).then((entries) => ({ query, entries: select(entries, query, deps) }));
  };
  const byId = async (id: string, kind: string, entries?: DirectoryEntry[]) =>
    (entries ?? (await readDirectory(deps.store))).find((e) => orukId(kind, e.activity.id) === id);

  app.get('/', (c) => c.json({ version: '3.0', profile: PROFILE_URL, openapi_url: PROFILE_OPENAPI_URL }));

  app.get('/services', async (c) => {
    const { query, entries } = await directory(c);
    return c.json(orukPage(entries.map((e) => orukServiceSummary(e.activity, e.organisation)), query.page, query.per_page));
  });

  app.get('/services/:id', async (c) => {
    const entry = await byId(c.req.param('id'), 'service');
    if (!entry) throw new AppError('not_found', `No service ${c.req.param('id')}.`);
    return c.json(orukService(entry.activity, entry.organisation, deps.publicUrl));
  });

  app.get('/service_at_locations', async (c) => {
    const { query, entries } = await directory(c);
    const placed = entries.filter((e) => e.activity.postcode);
    return c.json(orukPage(placed.map((e) => orukServiceAtLocationSummary(e.activity, e.organisation)), query.page, query.per_page));
  });

  app.get('/service_at_locations/:id', async (c) => {
    const entry = await byId(c.req.param('id'), 'service-at-location');
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
const select = (entries: DirectoryEntry[], query: ServiceQuery, deps: OpenReferralDeps): DirectoryEntry[] => {
  const filters = { search: query.search, taxonomyTermId: query.taxonomy_term_id, taxonomyId: query.taxonomy_id, proximityMetres: query.proximity };
  if (query.postcode === undefined) {
    if (query.proximity !== undefined) throw new AppError('validation_failed', 'proximity needs a postcode to measure from.');
    return filterDirectory(entries, filters);
  }
  const distances = deps.distancesFrom?.(query.postcode);
  if (!distances) throw new AppError('validation_failed', `The postcode ${query.postcode} could not be placed: give a full postcode or a postcode district in the area the directory covers.`);
  return filterDirectory(entries, filters, distances);
};

export type OpenReferralApp = ReturnType<typeof createOpenReferralApp>;
