// How people read money and dates on every page: £1,234.50 and 23 November 2026 (London time).
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'Europe/London' });
// (hourCycle h12, not hour12: en-GB's hour12 is h11, which writes half past twelve as "0:30 pm".)
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
// Built once: constructing an Intl formatter costs far more than formatting with one, and a page formats hundreds of dates.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 });

export const money = (pence: number): string => POUNDS.format(pence / 100);

/** A `YYYY-MM-DD` date or an ISO timestamp as "23 November 2026". */
export const date = (value: string | null | undefined): string => {
  if (!value) return '';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(at.getTime()) ? value : DATE.format(at);
};

export const dateTime = (value: string | null | undefined): string => (value ? DATE_TIME.format(new Date(value)).replace(' at ', ', ') : '');

/** A period key such as `2026-11` or `2026-Q3` in words. */
export const period = (key: string): string => {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return MONTH.format(new Date(`${key}-15T00:00:00Z`));
  return key.replace(/-Q(\d)$/, ' quarter $1');
};

export const percent = (ratio: number | null | undefined): string => (ratio == null ? 'Not yet known' : `${Math.round(ratio * 100)}%`);

/** "1 referral", "3 referrals". */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The London calendar date of a moment, as `YYYY-MM-DD`. */
export const londonDay = (at: Date): string => LONDON_DAY.format(at);

/** Words for the API's codes: `physical_activity` → "Physical activity". */
export const words = (code: string | null | undefined): string => {
  if (!code) return '';
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
