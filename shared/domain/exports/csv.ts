// RFC 4180 CSV: quoting, CRLF rows, and the OWASP guard against formula injection in spreadsheets.

/** A field needs quotes when it holds a comma, a double quote, or a line break (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV Injection"):
 * =, +, -, @, and tab or carriage return. Text that starts so is prefixed with an apostrophe, which
 * spreadsheets read as "this is text" and do not display.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain decimal such as -200.00 is a number to a spreadsheet, not a formula, so it is left as it is. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export type CsvValue = string | number | null | undefined;

/** One field, made safe for a spreadsheet and quoted if it must be; empty for null and undefined. */
export const csvField = (value: CsvValue): string => {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One record, ending in CRLF as RFC 4180 §2.1 asks. */
export const csvRow = (values: readonly CsvValue[]): string => `${values.map(csvField).join(',')}\r\n`;
