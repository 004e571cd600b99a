// The API's codes that forms offer as choices, in people's words (the API validates them; this only labels them).
export const SOURCES = [
  ['gp', 'GP practice'],
  ['pharmacy', 'Pharmacy'],
  ['mdt', 'Multidisciplinary team'],
  ['hospital_discharge', 'Hospital discharge'],
  ['ahp', 'Allied health professional'],
  ['fire', 'Fire and rescue service'],
  ['police', 'Police'],
  ['job_centre', 'Jobcentre'],
  ['social_care', 'Social care'],
  ['housing', 'Housing'],
  ['vcse', 'Voluntary or community organisation'],
  ['self', 'Self-referral'],
] as const;

export const CATEGORIES = [
  'physical_activity', 'weight_management', 'falls_prevention', 'stop_smoking', 'arts', 'gardening', 'befriending', 'volunteering',
  'group_learning', 'benefits_and_debt_advice', 'housing', 'mental_health_support', 'carers_support', 'home_safety', 'other',
] as const;

export const choices = (pairs: readonly (readonly [string, string])[], blank?: string) => [
  ...(blank ? [{ value: '', text: blank }] : []),
  ...pairs.map(([value, text]) => ({ value, text })),
];

/** What an audit event's action means, in words; the code stays beside it for filtering and exports. */
const AUDIT_ACTION_WORDS: Record<string, string> = {
  'referral.sent': 'Referral sent',
  'referral.accepted': 'Referral accepted',
  'referral.declined': 'Referral declined',
  'referral.expired': 'Referral expired unanswered',
  'referral.withdrawn': 'Referral withdrawn',
  'referral.logged_accepted': 'Referral accepted on another platform, logged',
  'referral.outcome_recorded': 'Referral outcome recorded',
  'agreement.created': 'Agreement made',
  'agreement.ended': 'Agreement ended',
  'activity.created': 'Activity added',
  'activity.updated': 'Activity changed',
  'fund.created': 'Fund set up',
  'fund.notification_settings_changed': 'Fund’s e-mail settings changed',
  'organisation.created': 'Organisation added',
  'organisation.notification_settings_changed': 'Organisation’s e-mail settings changed',
  'organisation.stripe_account_linked': 'Stripe account linked',
  'organisation.stripe_account_updated': 'Stripe account details changed',
  'member.invited': 'Person invited',
  'member.removed': 'Person removed',
  'payout_run.created': 'Payment run created',
  'payout_run.drafted': 'Payment run drafted',
  'payout_run.approved': 'Payment run approved',
  'payout_run.discarded': 'Payment run discarded',
  'payout_run.paying': 'Payment run started paying',
  'payout_run.paid': 'Payment run paid in full',
  'payout_run.paid_with_failures': 'Payment run finished, some payments failed',
  'payout_line.paid': 'Payment made',
  'payout_line.failed': 'Payment failed',
  'payout_line.retry': 'Payment tried again',
  'payout_line.reversed': 'Payment reversed',
};

const AUDIT_SUBJECT_WORDS: Record<string, string> = { payout_run: 'Payment run', payout_line: 'Payment' };

/** `referral.accepted` → "Referral accepted"; an action not listed above still reads as words. */
export const auditActionWords = (action: string): string => {
  const known = AUDIT_ACTION_WORDS[action];
  if (known) return known;
  const [subject = '', ...rest] = action.split('.');
  const what = AUDIT_SUBJECT_WORDS[subject] ?? subject.replaceAll('_', ' ').replace(/^./, (s) => s.toUpperCase());
  return `${what} ${rest.join(' ').replaceAll('_', ' ')}`.trim();
};

/**
 * The actions offered by the audit trail's filter, in words: only those a fund's trail can hold. An
 * organisation's, a person's or an activity's events, and a referral's before a fund pays for it
 * (sent, declined, expired, withdrawn), belong to no fund, so choosing one would never match.
 */
const FUND_TRAIL = /^(referral\.(accepted|logged_accepted|outcome_recorded)|agreement\.|fund\.|payout_run\.|payout_line\.)/;
export const AUDIT_ACTIONS = Object.entries(AUDIT_ACTION_WORDS).filter(([action]) => FUND_TRAIL.test(action));
