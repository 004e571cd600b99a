// Pages over a report worked out in memory (its rows grow with agreements, periods or months, not
// referrals): the opaque cursor names the last row given, so pages never overlap or skip.
import { invalidCursor, type Page } from './pagination.js';

const encode = (after: string) => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

const decode = (cursor: string): string => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (parsed && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // Falls through to the validation error below.
  }
  throw invalidCursor();
};

/** `rows` must be sorted by `keyOf`, and keys unique. */
export const pageOf = <T>(rows: readonly T[], keyOf: (row: T) => string, limit: number, cursor: string | undefined): Page<T> => {
  const after = cursor === undefined ? undefined : decode(cursor);
  const start = after === undefined ? 0 : rows.findIndex((r) => keyOf(r) > after);
  if (start < 0) return { items: [], nextCursor: null };
  const items = rows.slice(start, start + limit);
  const last = items.at(-1);
  return { items, nextCursor: start + limit < rows.length && last ? encode(keyOf(last)) : null };
};
