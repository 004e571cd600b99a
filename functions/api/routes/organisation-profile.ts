// A VCSE organisation's public profile: what any signed-in user may read (name, charity number, activities).
import { z } from '@hono/zod-openapi';
import type { Organisation } from '../../../shared/domain/organisation.js';
import { ACTIVITY_CATEGORIES } from '../../../shared/domain/organisation.js';
import { ACTIVITY_STATUSES } from '../../../shared/domain/activity.js';
import { listWholeDirectory } from '../../../shared/store/activities.js';
import type { Store } from '../../../shared/store/client.js';

export const PublicProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.literal('vcse'),
    charityNumber: z.string().nullable(),
    profile: z.literal('public').openapi({ description: 'Marks the public profile: the full record is for members, fund managers, commissioners and admins' }),
    activities: z.array(z.object({ id: z.string(), name: z.string(), category: z.enum(ACTIVITY_CATEGORIES), status: z.enum(ACTIVITY_STATUSES) })),
  })
  .openapi('PublicOrganisationProfile');

/** Only providers have a public profile; other organisations stay unseen to those who may not read them. */
export const hasPublicProfile = (organisation: Organisation): boolean => organisation.kind === 'vcse';

export const publicProfile = async (store: Store, organisation: Organisation) => {
  const activities = await listWholeDirectory(store, { organisationId: organisation.id, includeClosed: false });
  return {
    id: organisation.id,
    name: organisation.name,
    kind: 'vcse' as const,
    charityNumber: organisation.charityNumber,
    profile: 'public' as const,
    activities: activities.map((a) => ({ id: a.id, name: a.name, category: a.category, status: a.status })),
  };
};
