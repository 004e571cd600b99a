// The hourly reminder job: a referral still waiting gets one reminder as each of its fund's reminder days comes.
//
// It walks the awaiting-answer index (only `sent` referrals are in it, so one answered already is
// never reminded) for referrals due within the longest reminder window. For each, the reminder due
// is the nearest one (with days [3, 1] and a day and a half left, the 1-day one); earlier ones it
// missed are not sent late. The job queues the reminder, then marks it queued with a conditional put:
// a second run in the same hour sees the mark and queues nothing; if a run died between the two, the
// next run queues it again, and the delivery records still let it reach each address once.
import { candidateAgreements } from '../../shared/domain/agreement.js';
import { MAX_REMINDER_DAYS } from '../../shared/notify/preferences.js';
import { londonDate } from '../../shared/domain/periods.js';
import type { Store } from '../../shared/store/client.js';
import { organisationAgreements } from '../../shared/store/funds.js';
import { entities } from '../../shared/store/entities.js';
import { awaitingResponseBetween } from '../../shared/store/keys.js';
import { DEFAULT_REMINDER_DAYS, getFundNotificationSettings } from '../../shared/store/notifications.js';
import { markReminderQueued, reminderQueued } from '../../shared/store/notifications-sent.js';
import { queryPage } from '../../shared/store/query.js';
import type { NotificationQueue } from './queue.js';

const DAY_MS = 86_400_000;

interface Waiting {
  readonly id: string;
  readonly organisationId: string;
  readonly activityId: string;
  readonly sentAt: string;
  readonly respondBy: string;
}

/** The fund whose deadline the referral was given (as when it was sent), and so whose reminder days apply. */
const reminderDaysFor = async (store: Store, referral: Waiting, cache: Map<string, readonly number[]>): Promise<readonly number[]> => {
  const cacheKey = `${referral.organisationId}|${referral.activityId}|${londonDate(new Date(referral.sentAt))}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const [first] = candidateAgreements(await organisationAgreements(store, referral.organisationId), referral.activityId, londonDate(new Date(referral.sentAt)));
  const days = first ? (await getFundNotificationSettings(store, first.fundId)).reminderDaysBefore : DEFAULT_REMINDER_DAYS;
  cache.set(cacheKey, days);
  return days;
};

/** The nearest reminder whose time has come, or undefined if none has yet. */
export const dueReminder = (respondBy: string, now: Date, reminderDays: readonly number[]): number | undefined => {
  const left = Date.parse(respondBy) - now.getTime();
  if (left <= 0) return undefined;
  return [...reminderDays].sort((a, b) => a - b).find((d) => left <= d * DAY_MS);
};

export const queueDueReminders = async (
  deps: { store: Store; clock: () => Date },
  queue: NotificationQueue,
): Promise<{ queued: number; alreadyQueued: number; notDue: number }> => {
  const now = deps.clock();
  const result = { queued: 0, alreadyQueued: 0, notDue: 0 };
  const cache = new Map<string, readonly number[]>();
  let cursor: string | undefined;
  do {
    const page = await queryPage(
      deps.store,
      entities.referral,
      awaitingResponseBetween(now.toISOString(), new Date(now.getTime() + MAX_REMINDER_DAYS * DAY_MS).toISOString()),
      100,
      cursor,
    );
    for (const referral of page.items as Waiting[]) {
      const daysBefore = dueReminder(referral.respondBy, now, await reminderDaysFor(deps.store, referral, cache));
      if (daysBefore === undefined) {
        result.notDue += 1;
        continue;
      }
      if (await reminderQueued(deps.store, referral.id, daysBefore)) {
        result.alreadyQueued += 1;
        continue;
      }
      await queue.send({ type: 'reminder', referralId: referral.id, daysBefore });
      await markReminderQueued(deps.store, referral.id, daysBefore, now.toISOString());
      result.queued += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return result;
};
