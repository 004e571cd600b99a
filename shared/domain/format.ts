// Human-readable money and dates, the one place they are formatted: £1,234.50 and 23 November 2026.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { ZONE } from './periods.js';

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 123450 → "£1,234.50". Integer pence only: a fraction of a penny is a bug, not a rounding. */
export const formatMoney = (amountPence: number): string => {
  if (!Number.isSafeInteger(amountPence)) throw new RangeError(`Money must be a whole number of pence, got ${amountPence}`);
  // Divided by 100 only for display: every pence value up to 2^53 is exact as a two-decimal number.
  return POUNDS.format(amountPence / 100);
};

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LONG_DATE = 'd MMMM yyyy';

/**
 * "2026-11-23" → "23 November 2026". A plain date is that calendar day; an instant (a Date or an ISO
 * timestamp) is the day it falls on in London, so 23:30 UTC on 31 March 2026 reads as 1 April 2026.
 */
export const formatDate = (value: string | Date): string => {
  if (typeof value === 'string' && PLAIN_DATE.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1) throw new RangeError(`Not a calendar date: ${value}`);
    return format(new TZDate(year, month - 1, day, 'UTC'), LONG_DATE);
  }
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  return format(new TZDate(instant.getTime(), ZONE), LONG_DATE);
};

/** "1 April 2026 to 31 March 2027" */
export const formatDateRange = (from: string | Date, to: string | Date): string => `${formatDate(from)} to ${formatDate(to)}`;
