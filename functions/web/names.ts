// Names for the ids the API returns, read once per page from the API itself (the directory, the organisations list).
import type { Context } from 'hono';
import { getOrUndefined, query } from './api-client.js';
import type { Activity, Organisation, Page } from './api-types.js';
import type { WebEnv } from './env.js';

export type Names = ReadonlyMap<string, string>;

export const activityNames = async (c: Context<WebEnv>, organisationId?: string): Promise<Names> => {
  const page = await getOrUndefined<Page<Activity>>(c, `/v1/activities${query({ limit: 200, organisationId })}`);
  return new Map((page?.items ?? []).map((a) => [a.id, a.name]));
};

/**
 * Organisation names for roles that may read them: the list where the API offers it, else one read
 * per organisation named. A role that may not read an organisation just sees fewer names.
 */
export const organisationNames = async (c: Context<WebEnv>, ids: readonly string[], kind?: string): Promise<Names> => {
  const listed = await getOrUndefined<Page<Organisation>>(c, `/v1/organisations${query({ limit: 200, kind })}`);
  const names = new Map((listed?.items ?? []).map((o) => [o.id, o.name]));
  const missing = [...new Set(ids)].filter((id) => !names.has(id));
  const read = await Promise.all(missing.map((id) => getOrUndefined<Organisation>(c, `/v1/organisations/${id}`)));
  for (const org of read) if (org) names.set(org.id, org.name);
  return names;
};

export const nameOf = (names: Names, id: string, fallback = id): string => names.get(id) ?? fallback;
