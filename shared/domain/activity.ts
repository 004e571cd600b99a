// An activity as the directory shows it: when, where and how to reach the provider, and whether it is open.
import type { Activity } from './organisation.js';

export const ACTIVITY_STATUSES = ['active', 'paused', 'closed'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A way to reach an organisation: any of work e-mail, phone and web page. */
export interface Contact {
  readonly email: string | null;
  readonly phone: string | null;
  readonly url: string | null;
}

export interface ActivityDetails extends Activity {
  /** When it runs, in the provider's words ("Tuesdays 10:00 to 11:30"). */
  readonly when: string | null;
  /** Where it runs, in the provider's words (a venue and street); `postcode` places it. */
  readonly where: string | null;
  /** How a link worker reaches the provider about this activity. */
  readonly contact: Contact | null;
  /** What open data publishes about reaching the provider (may differ from the working contact). */
  readonly publicContact: Contact | null;
  /** Paused: still takes referrals, with a warning; closed: takes none. */
  readonly status: ActivityStatus;
  readonly updatedAt: string | null;
}

/** Activities stored before these details existed read as active, with nothing said about them. */
export const activityDetails = (stored: Activity & Partial<ActivityDetails>): ActivityDetails => ({
  ...stored,
  when: stored.when ?? null,
  where: stored.where ?? null,
  contact: stored.contact ?? null,
  publicContact: stored.publicContact ?? null,
  status: stored.status ?? 'active',
  updatedAt: stored.updatedAt ?? null,
});

/** The lower-case text `?q=` searches: the name and the description. */
export const searchText = (activity: Pick<Activity, 'name' | 'description'>): string =>
  `${activity.name} ${activity.description ?? ''}`.toLowerCase();
