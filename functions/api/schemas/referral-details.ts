// Referral fields beyond the contract's first version: the client reference rule, the referrer's contact, reasons, warnings.
import { z } from '@hono/zod-openapi';
import { UNAVAILABLE_REASONS } from '../../../shared/domain/activity-availability.js';
import { containsNhsNumber } from '../../../shared/domain/nhs-number.js';
import { clientRefProblem, DECLINE_REASON_CODES } from '../../../shared/domain/referral-details.js';
import type { Referral } from '../../../shared/domain/referral.js';
import type { Principal } from '../../../shared/domain/roles.js';
import { PhoneSchema, WorkEmailSchema } from './contact.js';
import { DateSchema, optionalSafeText, TimestampSchema } from './common.js';

export const ClientRefSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    // The NHS number first: "943 476 5919" also breaks the shape rule, but the person needs to hear why it is refused.
    const problem = containsNhsNumber(value) ? 'A client reference must not contain an NHS number: use a pseudonymous reference' : clientRefProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ description: 'A pseudonymous reference chosen by the referrer: 3 to 40 letters, digits, -, _ or /, at least one digit; never a name or NHS number.', example: 'MED-2026-0042' });

export const ReferrerContactSchema = z
  .strictObject({ email: WorkEmailSchema.optional(), phone: PhoneSchema.optional() })
  .refine((c) => c.email !== undefined || c.phone !== undefined, { message: 'Give your work email or phone, or leave referrerContact out' })
  .openapi('ReferrerContact', { description: 'The link worker’s own work e-mail or phone (never the resident’s), shown only to the two organisations' });

export const AcceptedAtSchema = z
  .union([DateSchema, TimestampSchema], {
    // A date-shaped value that is not a real day (2026-02-31) hears the date's own reason, not the choice of two shapes.
    error: (issue) =>
      (issue.code === 'invalid_union' && typeof issue.input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(issue.input) ? issue.errors[0]?.[0]?.message : undefined) ??
      'Enter acceptedAt as a date (2026-11-28) or a timestamp (2026-11-28T10:15:00Z)',
  })
  .openapi({ description: 'VCSE only: when it was accepted on that platform: a date (that London day) or a timestamp.', example: '2026-11-28' });

export const DeclineBody = z
  .strictObject({
    reasonCode: z.enum(DECLINE_REASON_CODES).optional().openapi({ description: '`{ reason }` alone means other' }),
    reason: optionalSafeText(500),
  })
  .refine((b) => b.reasonCode !== undefined || b.reason !== undefined, { message: 'Choose a reasonCode, or say why in reason' })
  .openapi('DeclineReferral');

export const WithdrawBody = z.strictObject({ reason: optionalSafeText(500) }).openapi('WithdrawReferral');

export const WarningSchema = z.object({ code: z.enum(UNAVAILABLE_REASONS), detail: z.string() }).openapi('ReferralWarning');

/** The fields added to a referral's view. */
export const referralDetailFields = {
  referrerOrganisation: z.object({ id: z.string(), name: z.string().nullable() }),
  referrerContact: z
    .object({ email: z.string().nullable(), phone: z.string().nullable() })
    .nullable()
    .openapi({ description: 'Staff contact: shown only to the referring organisation and the activity’s organisation' }),
  declineReasonCode: z.enum(DECLINE_REASON_CODES).nullable(),
  withdrawReason: z.string().nullable(),
};

export const referralDetailsView = (r: Referral, viewer: Principal) => {
  const ownOrganisation = viewer.organisationId !== undefined && [r.organisationId, r.referrerOrganisationId].includes(viewer.organisationId);
  return {
    referrerOrganisation: { id: r.referrerOrganisationId, name: r.referrerOrganisationName ?? null },
    referrerContact: ownOrganisation ? (r.referrerContact ?? null) : null,
    declineReasonCode: r.declineReasonCode ?? (r.status === 'declined' ? ('other' as const) : null),
    withdrawReason: r.withdrawReason ?? null,
  };
};

