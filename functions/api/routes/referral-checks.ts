// Checks before a referral is written: a closed activity takes none, what to warn about, and a logged referral's acceptance date.
import type { Context } from 'hono';
import type { ActivityDetails } from '../../../shared/domain/activity.js';
import { unavailableReason, type Unavailable } from '../../../shared/domain/activity-availability.js';
import { candidateAgreements, type Agreement } from '../../../shared/domain/agreement.js';
import { AppError } from '../../../shared/domain/errors.js';
import { DEFAULT_RESPONSE_DEADLINE_DAYS } from '../../../shared/domain/fund.js';
import { formatDate } from '../../../shared/domain/format.js';
import { londonDate } from '../../../shared/domain/periods.js';
import { acceptedInstant } from '../../../shared/domain/referral-details.js';
import { fundingPictures } from '../../../shared/store/activities.js';
import { organisationAgreements } from '../../../shared/store/funds.js';
import type { AppEnv } from '../../runtime/env.js';

const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] });

/** A closed activity takes no new referral (409, nothing written). */
export const assertTakesReferrals = (activity: ActivityDetails) => {
  if (activity.status === 'closed') throw new AppError('activity_closed', `${activity.name} has closed and takes no new referrals.`);
};

/**
 * What the link worker should know before the VCSE answers (the activity is paused, or an acceptance
 * today would not be funded, and why), and how many days the VCSE has to answer: the deadline of the
 * fund that would pay for an acceptance today, or the default. The referral is sent all the same.
 */
export const sendingTerms = async (c: Context<AppEnv>, activity: ActivityDetails): Promise<{ warnings: Unavailable[]; respondWithinDays: number }> => {
  const { store, clock } = c.get('deps');
  const today = londonDate(clock());
  const picture = (await fundingPictures(store, [activity.organisationId], today)).get(activity.organisationId)!;
  const funding = unavailableReason({ ...activity, status: 'active' }, today, picture);
  const paused = unavailableReason({ ...activity, status: activity.status }, today, picture);
  const [payer] = candidateAgreements(picture.agreements, activity.id, today);
  return {
    warnings: [...(activity.status === 'paused' && paused ? [paused] : []), ...(funding ? [funding] : [])],
    respondWithinDays: (payer && picture.responseDeadlineDays.get(payer.fundId)) ?? DEFAULT_RESPONSE_DEADLINE_DAYS,
  };
};

/**
 * A logged referral's acceptance instant: never in the future, never before an agreement for the
 * activity started. Gives back the agreements it read, for the acceptance to choose from.
 */
export const loggedAcceptedAt = async (c: Context<AppEnv>, activity: ActivityDetails, value: string): Promise<{ acceptedAt: string; agreements: Agreement[] }> => {
  const { store, clock } = c.get('deps');
  const now = clock();
  const instant = acceptedInstant(value);
  // Five minutes' grace for a clock that runs a little ahead of ours.
  if (instant.getTime() > now.getTime() + 5 * 60_000) throw invalid('/acceptedAt', 'must not be in the future');
  const date = londonDate(instant);
  const agreements = await organisationAgreements(store, activity.organisationId);
  const covering = agreements.filter((a) => a.activityId === null || a.activityId === activity.id);
  const earliest = covering.map((a) => a.startsOn).sort()[0];
  if (earliest !== undefined && date < earliest) {
    throw invalid('/acceptedAt', `must not be before the agreement started on ${formatDate(earliest)}`);
  }
  return { acceptedAt: instant.toISOString(), agreements };
};
