// Referral fields beyond the contract's first version: the client reference rule, the referrer's contact, reasons, warnings.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ActivityDetails } from '../../../shared/domain/activity.js';
import { UNAVAILABLE_REASONS, unavailableReason, type Unavailable } from '../../../shared/domain/activity-availability.js';
import { AppError } from '../../../shared/domain/errors.js';
import { formatDate } from '../../../shared/domain/format.js';
import { containsNhsNumber } from '../../../shared/domain/nhs-number.js';
import { londonDate } from '../../../shared/domain/periods.js';
import { acceptedInstant, clientRefProblem, DECLINE_REASON_CODES } from '../../../shared/domain/referral-details.js';
import type { Referral } from '../../../shared/domain/referral.js';
import type { Principal } from '../../../shared/domain/roles.js';
import { fundingPictures } from '../../../shared/store/activities.js';
import { organisationAgreements } from '../../../shared/store/funds.js';
import type { AppEnv } from '../env.js';
import { PhoneSchema, WorkEmailSchema } from '../schemas/contact.js';
import { DateSchema, optionalSafeText, TimestampSchema } from '../schemas/common.js';

export const ClientRefSchema = z
  .string({ error: 'Enter the client reference' })
  .trim()
  .superRefine((value, ctx) => {
    const problem = clientRefProblem(value) ?? (containsNhsNumber(value) ? 'A client reference must not contain an NHS number: use a pseudonymous reference' : undefined);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ description: 'A pseudonymous reference chosen by the referrer: 3 to 40 letters, digits, -, _ or /, at least one digit; never a name or NHS number.', example: 'MED-2026-0042' });

export const ReferrerContactSchema = z
  .strictObject({ email: WorkEmailSchema.optional(), phone: PhoneSchema.optional() })
  .refine((c) => c.email !== undefined || c.phone !== undefined, { message: 'Give your work email or phone, or leave referrerContact out' })
  .openapi('ReferrerContact', { description: 'The link worker’s own work e-mail or phone (never the resident’s), shown only to the two organisations' });

export const AcceptedAtSchema = z
  .union([DateSchema, TimestampSchema], { error: 'Enter acceptedAt as a date (2026-11-28) or a timestamp (2026-11-28T10:15:00Z)' })
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

const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] });

/** A closed activity takes no new referral (409, nothing written). */
export const assertTakesReferrals = (activity: ActivityDetails) => {
  if (activity.status === 'closed') throw new AppError('activity_closed', `${activity.name} has closed and takes no new referrals.`);
};

/**
 * What the link worker should know before the VCSE answers: the activity is paused, or an
 * acceptance today would not be funded (and why). The referral is sent all the same.
 */
export const sendingWarnings = async (c: Context<AppEnv>, activity: ActivityDetails): Promise<Unavailable[]> => {
  const { store, clock } = c.get('deps');
  const today = londonDate(clock());
  const picture = (await fundingPictures(store, [activity.organisationId], today)).get(activity.organisationId)!;
  const funding = unavailableReason({ ...activity, status: 'active' }, today, picture);
  const paused = unavailableReason({ ...activity, status: activity.status }, today, picture);
  return [...(activity.status === 'paused' && paused ? [paused] : []), ...(funding ? [funding] : [])];
};

/** A logged referral's acceptance instant: never in the future, never before an agreement for the activity started. */
export const loggedAcceptedAt = async (c: Context<AppEnv>, activity: ActivityDetails, value: string): Promise<string> => {
  const { store, clock } = c.get('deps');
  const now = clock();
  const instant = acceptedInstant(value);
  // Five minutes' grace for a clock that runs a little ahead of ours.
  if (instant.getTime() > now.getTime() + 5 * 60_000) throw invalid('/acceptedAt', 'must not be in the future');
  const date = londonDate(instant);
  const covering = (await organisationAgreements(store, activity.organisationId)).filter((a) => a.activityId === null || a.activityId === activity.id);
  const earliest = covering.map((a) => a.startsOn).sort()[0];
  if (earliest !== undefined && date < earliest) {
    throw invalid('/acceptedAt', `must not be before the agreement started on ${formatDate(earliest)}`);
  }
  return instant.toISOString();
};
