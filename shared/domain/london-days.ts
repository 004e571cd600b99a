// The instants a London calendar day spans, for filters that take dates but compare timestamps.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { ZONE } from './periods.js';

// Built from the date's parts in the zone: a string such as "2026-06-01T00:00:00" would be read in
// the process's own time zone instead.
const midnight = (date: string): TZDate => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, ZONE);
};

/** The first instant of `date` in London, as a UTC ISO timestamp (23:00Z the day before, in summer). */
export const londonDayStart = (date: string): string => new Date(midnight(date).getTime()).toISOString();

/** The first instant after `date` in London: a day can be 23 or 25 hours long at the clock changes. */
export const londonDayEnd = (date: string): string => new Date(addDays(midnight(date), 1).getTime()).toISOString();
