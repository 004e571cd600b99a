// How messages say dates and amounts: 23 November 2026, £1,234.50, in Europe/London.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { formatPence } from '../domain/money.js';
import { ZONE } from '../domain/periods.js';

/** An instant or a plain date (YYYY-MM-DD) as "23 November 2026", on London's calendar. */
export const longDate = (value: string): string => {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new TZDate(`${value}T12:00:00`, ZONE) : new TZDate(Date.parse(value), ZONE);
  return format(instant, 'd MMMM yyyy');
};

export const money = (amountPence: number): string => formatPence(amountPence);

/** "1 day", "3 days". */
export const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;
