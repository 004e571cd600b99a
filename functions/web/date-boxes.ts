// A date typed as Day, Month and Year boxes: read from a form or query into the API's `YYYY-MM-DD`, and back into boxes.
import type { FieldError } from './components/forms.js';

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** `startsOn` → `startsOn-day`: each box's id and name, so a form, a query and a kept form all carry the same keys. */
export const boxId = (field: string, part: DatePart) => `${field}-${part}`;

const allBoxes = (field: string) => DATE_PARTS.map((part) => boxId(field, part));

/**
 * What the API's JSON pointer for a date maps to: the summary links to the day box (the design
 * system's rule for a whole date) and all three boxes are red, since the API judges the date whole.
 */
export const dateField = (field: string, label: string) => ({ id: boxId(field, 'day'), label, highlight: allBoxes(field) });

export type DateReading =
  /** All three boxes empty: nothing to send, so the API says whether the date is required. */
  | { readonly kind: 'empty'; readonly values: Record<string, string> }
  | { readonly kind: 'date'; readonly values: Record<string, string>; readonly iso: string }
  /** A shape no date can be built from: shown at once and nothing is sent. */
  | { readonly kind: 'refused'; readonly values: Record<string, string>; readonly error: FieldError };

const refusal = (field: string, parts: readonly DatePart[], message: string): FieldError => ({
  field: boxId(field, parts[0]!),
  message,
  highlight: parts.map((part) => boxId(field, part)),
});

/** "a day", "a day and year", "a day, month and year" (the wording of the GOV.UK pattern). */
const include = (parts: readonly DatePart[]) => `a ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`}`;

/**
 * Reads the three boxes named for `field` from a parsed form or query. Only the shape is checked
 * (every box filled, digits, a four-figure year, a day and month that fit two figures): whether the
 * date is real, in the future or before another is the API's to say, in its own words.
 */
export const readDate = (source: Record<string, unknown>, field: string, label: string): DateReading => {
  const typed = Object.fromEntries(DATE_PARTS.map((part) => [part, typeof source[boxId(field, part)] === 'string' ? (source[boxId(field, part)] as string).trim() : ''])) as Record<DatePart, string>;
  const values = Object.fromEntries(DATE_PARTS.map((part) => [boxId(field, part), typed[part]]));
  const missing = DATE_PARTS.filter((part) => typed[part] === '');
  if (missing.length === DATE_PARTS.length) return { kind: 'empty', values };
  if (missing.length > 0) return { kind: 'refused', values, error: refusal(field, missing, `${label} must include ${include(missing)}`) };
  // Leading zeros are fine (05 is May); a day or month of three figures cannot be written as the API's two.
  const notDigits = DATE_PARTS.filter((part) => !/^\d+$/.test(typed[part]) || (part !== 'year' && String(Number(typed[part])).length > 2));
  if (notDigits.length > 0) return { kind: 'refused', values, error: refusal(field, notDigits, `${label} must be a real date`) };
  if (typed.year.length < 4) return { kind: 'refused', values, error: refusal(field, ['year'], 'Year must include 4 numbers') };
  if (typed.year.length > 4) return { kind: 'refused', values, error: refusal(field, ['year'], `${label} must be a real date`) };
  const two = (part: 'day' | 'month') => String(Number(typed[part])).padStart(2, '0');
  return { kind: 'date', values, iso: `${typed.year}-${two('month')}-${two('day')}` };
};

/** A `YYYY-MM-DD` the page suggests (today, say) as the boxes show it: 1 12 2026. */
export const dateBoxes = (field: string, iso: string): Record<string, string> => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return {};
  return { [boxId(field, 'day')]: String(Number(match[3])), [boxId(field, 'month')]: String(Number(match[2])), [boxId(field, 'year')]: match[1]! };
};

/** Every date on one form or filter, by field and label: what to send, what to refill, and any shape refused. */
export const readDates = (source: Record<string, unknown>, labels: Record<string, string>) => {
  const readings = Object.entries(labels).map(([field, label]) => [field, readDate(source, field, label)] as const);
  return {
    values: Object.assign({}, ...readings.map(([, r]) => r.values)) as Record<string, string>,
    iso: Object.fromEntries(readings.map(([field, r]) => [field, r.kind === 'date' ? r.iso : undefined])) as Record<string, string | undefined>,
    errors: readings.flatMap(([, r]) => (r.kind === 'refused' ? [r.error] : [])),
  };
};
