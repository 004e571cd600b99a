// Open Referral UK queries over the directory: the profile's filters (text search, taxonomy term,
// taxonomy, postcode proximity) and its page envelope. Pure: the directory and distances are arguments.
import { orukService, type DirectoryActivity, type DirectoryOrganisation } from './open-referral.js';
import { categoryOfTerm, taxonomyId } from './oruk-taxonomy.js';

export interface DirectoryEntry {
  readonly activity: DirectoryActivity;
  readonly organisation: DirectoryOrganisation;
}

export interface DirectoryQuery {
  /** Full-text search: every word must appear in the name, description, when, where or provider's name. */
  readonly search?: string | undefined;
  readonly taxonomyTermId?: string | undefined;
  readonly taxonomyId?: string | undefined;
  /** Only entries within this many metres of the postcode's district (needs `distanceKm`). */
  readonly proximityMetres?: number | undefined;
}

/** Distance in km from the asked-for postcode to an activity; undefined when either place is unknown. */
export type DistanceKm = (activity: DirectoryActivity) => number | undefined;

const haystack = ({ activity, organisation }: DirectoryEntry) =>
  [activity.name, activity.description, activity.when, activity.where, organisation.name].filter(Boolean).join(' ').toLowerCase();

const matchesText = (entry: DirectoryEntry, search: string | undefined) => {
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = haystack(entry);
  return words.every((w) => text.includes(w));
};

const matchesTaxonomy = (entry: DirectoryEntry, query: DirectoryQuery) => {
  if (query.taxonomyTermId !== undefined && categoryOfTerm(query.taxonomyTermId) !== entry.activity.category) return false;
  return query.taxonomyId === undefined || query.taxonomyId === taxonomyId();
};

/**
 * The entries a query asks for, in directory order, or nearest first when a distance is given.
 * With a proximity, entries whose place is unknown are left out: nobody can say they are near.
 */
export const filterDirectory = (entries: readonly DirectoryEntry[], query: DirectoryQuery, distanceKm?: DistanceKm): DirectoryEntry[] => {
  const matching = entries.filter((e) => matchesText(e, query.search) && matchesTaxonomy(e, query));
  if (!distanceKm) return matching;
  const measured = matching.map((entry) => ({ entry, km: distanceKm(entry.activity) }));
  const near =
    query.proximityMetres === undefined ? measured : measured.filter((m) => m.km !== undefined && m.km * 1000 <= query.proximityMetres!);
  // Unknown places last; ties keep directory order (sort is stable).
  return near.sort((a, b) => (a.km ?? Infinity) - (b.km ?? Infinity)).map((m) => m.entry);
};

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 200;

/** ORUK's page envelope around one page of `items` (pages count from 1). */
export const orukPage = <T>(items: readonly T[], page: number, perPage: number) => {
  const contents = items.slice((page - 1) * perPage, page * perPage);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
};

/** The whole directory as one page of fully nested services: the old `/v1/exports/openreferral.json`. */
export const orukDirectory = (entries: readonly DirectoryEntry[], publicUrl: string) =>
  orukPage(
    entries.map((e) => orukService(e.activity, e.organisation, publicUrl)),
    1,
    Math.max(1, entries.length),
  );

/** Activities joined to their organisations; an activity whose organisation is missing is left out. */
export const directoryEntries = (activities: readonly DirectoryActivity[], organisations: ReadonlyMap<string, DirectoryOrganisation>): DirectoryEntry[] =>
  activities.flatMap((activity) => {
    const organisation = organisations.get(activity.organisationId);
    return organisation ? [{ activity, organisation }] : [];
  });
