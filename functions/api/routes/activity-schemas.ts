// The activity directory's shapes: what a provider sends, and an entry as a link worker reads it.
import { z } from '@hono/zod-openapi';
import { ACTIVITY_STATUSES, type ActivityDetails } from '../../../shared/domain/activity.js';
import { UNAVAILABLE_REASONS, unavailableReason, type FundingPicture } from '../../../shared/domain/activity-availability.js';
import { activityStats, type ActivityStats } from '../../../shared/domain/activity-stats.js';
import { ACTIVITY_CATEGORIES, type Organisation } from '../../../shared/domain/organisation.js';
import { ContactSchema, ContactView } from '../schemas/contact.js';
import { PostcodeSchema } from '../schemas/postcode.js';
import { optionalSafeText, safeText, TimestampSchema } from '../schemas/common.js';

const ProviderSchema = z
  .object({ id: z.string(), name: z.string(), charityNumber: z.string().nullable() })
  .openapi('ActivityProvider', { description: 'The VCSE organisation that runs the activity' });

export const ActivitySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    provider: ProviderSchema.nullable(),
    name: z.string(),
    category: z.enum(ACTIVITY_CATEGORIES),
    description: z.string().nullable(),
    when: z.string().nullable().openapi({ description: 'When it runs, in the provider’s words', example: 'Tuesdays 10:00 to 11:30' }),
    where: z.string().nullable().openapi({ description: 'Where it runs, in the provider’s words', example: 'The Strand, Riverside, Chatham' }),
    postcode: z.string().nullable(),
    contact: ContactView.nullable().openapi({ description: 'How a link worker reaches the provider about this activity' }),
    publicContact: ContactView.nullable().openapi({ description: 'The contact published in open data (Open Referral UK)' }),
    status: z.enum(ACTIVITY_STATUSES),
    acceptingReferrals: z.boolean().openapi({ description: 'Whether a referral sent now would be funded if accepted today' }),
    notAcceptingReason: z
      .object({ code: z.enum(UNAVAILABLE_REASONS), detail: z.string() })
      .nullable()
      .openapi({ description: 'Why not, when acceptingReferrals is false' }),
    distanceKm: z.number().nullable().optional().openapi({ description: 'With ?postcode=: km between the two postcode districts; null when either is not in the table' }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema.nullable(),
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

const details = {
  description: optionalSafeText(2000),
  when: optionalSafeText(300).openapi({ example: 'Tuesdays 10:00 to 11:30, not bank holidays' }),
  where: optionalSafeText(300).openapi({ example: 'Meet at the bandstand, The Strand, Chatham' }),
  postcode: PostcodeSchema.optional(),
  contact: ContactSchema.optional(),
  publicContact: ContactSchema.optional(),
};

export const CreateActivity = z
  .strictObject({ name: safeText(200), category: z.enum(ACTIVITY_CATEGORIES), ...details })
  .openapi('CreateActivity');

/** Every field optional; `null` clears a detail; at least one field. */
export const UpdateActivity = z
  .strictObject({
    name: safeText(200).optional(),
    category: z.enum(ACTIVITY_CATEGORIES).optional(),
    description: details.description.nullable(),
    when: details.when.nullable(),
    where: details.where.nullable(),
    postcode: details.postcode.nullable(),
    contact: details.contact.nullable(),
    publicContact: details.publicContact.nullable(),
    status: z.enum(ACTIVITY_STATUSES).optional().openapi({ description: 'paused: referrals still arrive, with a warning; closed: no new referrals' }),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' })
  .openapi('UpdateActivity');

export interface EntryContext {
  readonly stats: ActivityStats | undefined;
  readonly provider: Pick<Organisation, 'id' | 'name' | 'charityNumber'> | undefined;
  readonly picture: FundingPicture | undefined;
  readonly today: string;
  readonly distanceKm?: number | null | undefined;
}

export const presentActivity = (a: ActivityDetails, context: EntryContext) => {
  const reason = context.picture ? unavailableReason(a, context.today, context.picture) : undefined;
  return {
    id: a.id,
    organisationId: a.organisationId,
    provider: context.provider ? { id: context.provider.id, name: context.provider.name, charityNumber: context.provider.charityNumber } : null,
    name: a.name,
    category: a.category,
    description: a.description,
    when: a.when,
    where: a.where,
    postcode: a.postcode,
    contact: a.contact,
    publicContact: a.publicContact,
    status: a.status,
    acceptingReferrals: context.picture !== undefined && reason === undefined,
    notAcceptingReason: reason ?? null,
    ...(context.distanceKm !== undefined ? { distanceKm: context.distanceKm } : {}),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    stats: context.stats ?? activityStats(undefined),
  };
};
