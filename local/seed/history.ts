// Three months of demo referrals: accepted ones spread across them, and one in every other state.
import { londonDate } from '../../shared/domain/periods.js';
import { DEMO_VCSE, PCNS, PRIORITY_GROUPS } from './demo.js';
import type { Caller, ClockedApi } from './clocked-api.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Cast {
  readonly linkWorker: Caller;
  readonly vcseUsers: Caller[];
  /** Activity ids by VCSE, in DEMO_VCSE order. */
  readonly activities: string[][];
  readonly today: Date;
}

const DECLINES = [
  { reasonCode: 'full', reason: 'Full until the new year; please try again in January.' },
  { reasonCode: 'outside_area' },
  { reasonCode: 'unable_to_contact', reason: 'Three calls and a letter, no answer.' },
] as const;

let counter = 0;
const clientRef = () => `MED-2026-${String(++counter).padStart(4, '0')}`;

/** Sends one referral at `sentAt` from the demo link worker to activity `n` of VCSE `v`. */
const send = async (api: ClockedApi, cast: Cast, v: number, n: number, sentAt: Date) => {
  api.at(sentAt);
  const i = counter;
  const referral = await api.post(cast.linkWorker, '/v1/referrals', {
    activityId: cast.activities[v]![n]!,
    clientRef: clientRef(),
    source: (['gp', 'pharmacy', 'social_care', 'housing'] as const)[i % 4],
    ...(PRIORITY_GROUPS[i % 4] ? { priorityGroup: PRIORITY_GROUPS[i % 4] } : {}),
    ...(PCNS[i % 4] ? { pcnOdsCode: PCNS[i % 4] } : {}),
    referrerContact: { email: 'link.worker@imago.example.org', phone: '01632 960901' },
  });
  return referral.id as string;
};

/** Every activity in turn, so each has some history. */
const slots = () => DEMO_VCSE.flatMap((vcse, v) => vcse.activities.map((_, n) => ({ v, n })));

/**
 * Accepted referrals from `fromDaysAgo` up to `toDaysAgo` days before today, one every five days (few
 * enough to seed in seconds, enough to fill three months),
 * answered a few hours to a day and a half after they were sent; every fourth has an outcome.
 */
export const acceptedReferrals = async (api: ClockedApi, cast: Cast, fromDaysAgo: number, toDaysAgo: number) => {
  const all = slots();
  for (let daysAgo = fromDaysAgo, i = 0; daysAgo > toDaysAgo; daysAgo -= 5, i += 1) {
    const { v, n } = all[i % all.length]!;
    const sentAt = new Date(cast.today.getTime() - daysAgo * DAY + 9 * HOUR);
    const id = await send(api, cast, v, n, sentAt);
    api.at(new Date(sentAt.getTime() + (2 + ((i * 7) % 34)) * HOUR));
    await api.post(cast.vcseUsers[v]!, `/v1/referrals/${id}/accept`);
    if (i % 4 === 1) await api.post(cast.vcseUsers[v]!, `/v1/referrals/${id}/outcome`, { outcome: i % 8 === 1 ? 'completed' : 'attended' });
  }
};

/** One of each other state: declined (with reason codes), withdrawn, about to expire, expired, waiting, and logged elsewhere. */
export const otherStates = async (api: ClockedApi, cast: Cast) => {
  const ago = (days: number, hours = 0) => new Date(cast.today.getTime() - days * DAY - hours * HOUR);
  for (const [i, decline] of DECLINES.entries()) {
    const id = await send(api, cast, i % 3, 0, ago(60 - i * 20));
    api.at(ago(60 - i * 20 - 1));
    await api.post(cast.vcseUsers[i % 3]!, `/v1/referrals/${id}/decline`, decline);
  }
  const withdrawn = await send(api, cast, 2, 0, ago(9));
  api.at(ago(8));
  await api.post(cast.linkWorker, `/v1/referrals/${withdrawn}/withdraw`, { reason: 'The resident found a group nearer home.' });
  // Sent 20 days ago: past its 14-day deadline, so the expiry job makes it expired.
  await send(api, cast, 1, 1, ago(20));
  // Sent 13 days and 14 hours ago: its deadline is in 10 hours.
  await send(api, cast, 3, 0, ago(13, 14));
  await send(api, cast, 0, 1, ago(2));
  await send(api, cast, 2, 0, ago(0, 3));
  // Accepted through Joy (another social prescribing platform) and logged by the advice centre.
  for (const [i, daysAgo] of [15, 6].entries()) {
    const acceptedOn = ago(daysAgo);
    api.at(new Date(acceptedOn.getTime() + DAY));
    await api.post(cast.vcseUsers[3]!, '/v1/referrals', {
      activityId: cast.activities[3]![0]!,
      clientRef: clientRef(),
      source: 'vcse',
      externalRef: `JOY-4821${i}`,
      acceptedAt: londonDate(acceptedOn),
    });
  }
};
