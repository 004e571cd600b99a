// Dates relative to today in London, for tests on the real clock: fixed dates expire and CI with them.
import { londonDate, londonDaysAfter } from '../../shared/domain/periods.js';

/** Today's date in London, as the service reads it (23:30 UTC in summer is already tomorrow). */
export const londonToday = (now: Date = new Date()): string => londonDate(now);

/** The London date `days` calendar days from today (negative for the past). */
export const daysFromToday = (days: number, now: Date = new Date()): string => londonDate(londonDaysAfter(now, days));

/**
 * 1 January last year to 31 December next year (London): whole calendar years that hold today with a
 * year to spare either side, so a fund or agreement made now is running whatever date the suite runs on.
 * Pass the service's clock when a test pins it.
 */
export const yearsAroundToday = (now: Date = new Date()): { readonly startsOn: string; readonly endsOn: string } => {
  const year = Number(londonToday(now).slice(0, 4));
  return { startsOn: `${year - 1}-01-01`, endsOn: `${year + 1}-12-31` };
};

/** Day `day` of the London month `months` from this one; plain calendar arithmetic, where day 0 is the last day of the month before. */
const calendarDay = (months: number, day: number): string => {
  const [year, month] = londonToday().split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, day)).toISOString().slice(0, 10);
};

/** The first day of the London month `months` from this one (negative for earlier months). */
export const startOfMonthFromThis = (months: number): string => calendarDay(months, 1);

/**
 * `count` whole London months, the first of them `startOffset` months from this one: from its first
 * day to the last day of the last month. `monthsFromThisMonth(12)` is the year starting this month.
 */
export const monthsFromThisMonth = (count: number, startOffset = 0): { readonly startsOn: string; readonly endsOn: string } => ({
  startsOn: startOfMonthFromThis(startOffset),
  endsOn: calendarDay(startOffset + count, 0),
});
