// What a referral says beyond its state: the referrer's work contact, why it was declined or withdrawn, and the client reference rule.
import { TZDate } from '@date-fns/tz';
import { ZONE } from './periods.js';

export const DECLINE_REASON_CODES = ['full', 'not_suitable', 'unable_to_contact', 'outside_area', 'other'] as const;
export type DeclineReasonCode = (typeof DECLINE_REASON_CODES)[number];

/** A member of the referring organisation's staff, as they chose to be reached: never the resident's details. */
export interface ReferrerContact {
  readonly email: string | null;
  readonly phone: string | null;
}

const REFERENCE_SHAPE = 'A client reference is 3 to 40 letters, digits, -, _ or /, with at least one digit, such as MED-2026-0042';
const ALLOWED = /^[A-Za-z0-9\-_/]+$/;
// Two or more capitalised words (Jane-Jones-1, Mrs_Smith_2) read as a person's name, not a code.
const TITLE_WORD = /^[A-Z][a-z]+$/;

/**
 * Why `value` cannot be a pseudonymous client reference, in words for the referrer, or undefined
 * when it can. A reference must never identify the resident: no spaces (names have them), a digit
 * (names do not), and not capitalised words strung together. The NHS-number check is separate.
 */
export const clientRefProblem = (value: string): string | undefined => {
  if (value.length === 0) return `Enter the client reference. ${REFERENCE_SHAPE}.`;
  if (/\s/.test(value)) return `A client reference has no spaces and is never a name. ${REFERENCE_SHAPE}.`;
  if (value.length < 3 || value.length > 40) return `${REFERENCE_SHAPE}; this one is ${value.length} characters.`;
  if (!ALLOWED.test(value)) return `${REFERENCE_SHAPE}; other characters are not allowed.`;
  if (value.split(/[-_/]/).filter((part) => TITLE_WORD.test(part)).length >= 2) return `This looks like a name. ${REFERENCE_SHAPE}.`;
  if (!/\d/.test(value)) return `${REFERENCE_SHAPE}; it needs at least one digit, so it cannot be a name.`;
  return undefined;
};

/**
 * A logged referral's `acceptedAt` as an instant: a timestamp as given, or a plain date read as the
 * start of that day in London (so `2026-11-28` counts in November whatever the clock change).
 */
export const acceptedInstant = (value: string): Date => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, ZONE).getTime());
};
