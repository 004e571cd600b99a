// The referral's schemas (what the API accepts and answers) and how a stored referral is presented.
import { z } from '@hono/zod-openapi';
import { OUTCOMES, REFERRAL_SOURCES, REFERRAL_STATUSES, type Referral } from '../../../shared/domain/referral.js';
import type { Principal } from '../../../shared/domain/roles.js';
import { codeWithoutNhsNumber, idString, PageQuery, safeText, TimestampSchema } from './common.js';
import { AcceptedAtSchema, ClientRefSchema, referralDetailFields, referralDetailsView, ReferrerContactSchema, WarningSchema } from './referral-details.js';

const FundingSchema = z.object({
  fundId: z.string(),
  agreementId: z.string(),
  agreementKind: z.enum(['block', 'per_referral']),
  periodKey: z.string(),
  tariffPence: z.number().int(),
});

export const ReferralSchema = z
  .object({
    id: z.string(),
    activityId: z.string(),
    organisationId: z.string(),
    referrerOrganisationId: z.string(),
    clientRef: z.string(),
    source: z.enum(REFERRAL_SOURCES),
    priorityGroup: z.string().nullable(),
    pcnOdsCode: z.string().nullable(),
    snomedCode: z.string().nullable(),
    externalRef: z.string().nullable(),
    status: z.enum(REFERRAL_STATUSES),
    outcome: z.enum(OUTCOMES).nullable(),
    declineReason: z.string().nullable(),
    funding: FundingSchema.nullable(),
    sentAt: TimestampSchema,
    respondBy: TimestampSchema.nullable(),
    respondedAt: TimestampSchema.nullable(),
    acceptedAt: TimestampSchema.nullable(),
    outcomeAt: TimestampSchema.nullable(),
    ...referralDetailFields,
  })
  .openapi('Referral');

export const SentReferralSchema = ReferralSchema.extend({
  warnings: z.array(WarningSchema).openapi({ description: 'Sent all the same: the activity is paused, or an acceptance today would not be funded' }),
}).openapi('SentReferral');

export const CreateReferral = z
  .strictObject({
    activityId: idString('act'),
    clientRef: ClientRefSchema,
    source: z.enum(REFERRAL_SOURCES),
    priorityGroup: safeText(200).optional(),
    pcnOdsCode: z.string().regex(/^U\d{5}$/, 'must be a PCN ODS code such as U12345').optional(),
    snomedCode: codeWithoutNhsNumber(/^\d{6,18}$/, 'must be a SNOMED CT concept id').optional(),
    externalRef: safeText(100).optional().openapi({ description: 'VCSE only: the referral’s id on the platform it was accepted through.' }),
    acceptedAt: AcceptedAtSchema.optional(),
    referrerContact: ReferrerContactSchema.optional(),
  })
  .openapi('CreateReferral');

export const RecordOutcome = z.strictObject({ outcome: z.enum(OUTCOMES) }).openapi('RecordOutcome');

export const ListQuery = PageQuery.extend({
  status: z.enum(REFERRAL_STATUSES).optional().openapi({ param: { name: 'status', in: 'query' } }),
  activityId: idString('act').optional().openapi({ param: { name: 'activityId', in: 'query' } }),
});

export const present = (r: Referral, viewer: Principal) => ({
  id: r.id,
  activityId: r.activityId,
  organisationId: r.organisationId,
  referrerOrganisationId: r.referrerOrganisationId,
  clientRef: r.clientRef,
  source: r.source,
  priorityGroup: r.priorityGroup,
  pcnOdsCode: r.pcnOdsCode,
  snomedCode: r.snomedCode,
  externalRef: r.externalRef,
  status: r.status,
  outcome: r.outcome,
  declineReason: r.declineReason,
  funding: r.funding,
  sentAt: r.sentAt,
  respondBy: r.respondBy,
  respondedAt: r.respondedAt,
  acceptedAt: r.acceptedAt,
  outcomeAt: r.outcomeAt,
  ...referralDetailsView(r, viewer),
});
