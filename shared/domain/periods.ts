// Dates in Europe/London: the day an instant falls on, day counts, and agreement periods and their spans.
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addQuarters, differenceInHours, format, max, min, startOfMonth, startOfQuarter } from 'date-fns';

export const ZONE = 'Europe/London';
export const PERIOD_KINDS = ['month', 'quarter', 'agreement'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  readonly key: string;
  /** First and last day of the period, clipped to the agreement's own dates. */
  readonly startsOn: string;
  readonly endsOn: string;
}

const DAY = 'yyyy-MM-dd';

/** The calendar date in London at `instant`: 23:30 UTC on 31 March 2026 is already 1 April (BST). */
export const londonDate = (instant: Date): string => format(new TZDate(instant.getTime(), ZONE), DAY);

/** A plain date as midnight in London, so calendar arithmetic never crosses a clock change wrongly. */
const atLondonMidnight = (date: string): TZDate => new TZDate(`${date}T00:00:00`, ZONE);

/** The report month (`yyyy-MM`) of a London calendar date. */
export const monthOf = (date: string): string => format(atLondonMidnight(date), 'yyyy-MM');

/** `days` London calendar days after `instant`, at the same wall-clock time (a clock change keeps 09:00 at 09:00). */
export const londonDaysAfter = (instant: Date, days: number): Date => new Date(addDays(new TZDate(instant.getTime(), ZONE), days).getTime());

/** Whole hours from one instant to a later one (0 if it is not later). */
export const wholeHoursBetween = (from: string, to: string): number => Math.max(0, differenceInHours(new Date(to), new Date(from)));

const periodStart = (kind: PeriodKind, date: TZDate, agreementStart: TZDate): TZDate =>
  kind === 'month' ? startOfMonth(date) : kind === 'quarter' ? startOfQuarter(date) : agreementStart;

const periodKeyOf = (kind: PeriodKind, start: TZDate): string =>
  kind === 'month' ? format(start, 'yyyy-MM') : kind === 'quarter' ? format(start, "yyyy-'Q'q") : 'agreement';

/** The key of the period containing `date` (a London calendar date). */
export const periodKey = (kind: PeriodKind, date: string, agreementStartsOn: string): string =>
  periodKeyOf(kind, periodStart(kind, atLondonMidnight(date), atLondonMidnight(agreementStartsOn)));

/** Every period an agreement spans, in order, each clipped to the agreement's dates. */
export const periodsBetween = (kind: PeriodKind, startsOn: string, endsOn: string): Period[] => {
  const first = atLondonMidnight(startsOn);
  const last = atLondonMidnight(endsOn);
  if (kind === 'agreement') return [{ key: 'agreement', startsOn, endsOn }];
  const step = kind === 'month' ? addMonths : addQuarters;
  const periods: Period[] = [];
  for (let start = periodStart(kind, first, first); start <= last; start = step(start, 1)) {
    const end = addDays(step(start, 1), -1);
    periods.push({
      key: periodKeyOf(kind, start),
      startsOn: format(max([start, first]), DAY),
      endsOn: format(min([end, last]), DAY),
    });
  }
  return periods;
};

export const isWithin = (date: string, startsOn: string, endsOn: string): boolean => date >= startsOn && date <= endsOn;
