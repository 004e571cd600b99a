// Money as integer pence: a branded type, explicit splitting, and UK display formatting.
export type Pence = number & { readonly __brand: 'Pence' };

export const pence = (value: number): Pence => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Money must be a non-negative whole number of pence, got ${value}`);
  }
  return value as Pence;
};

/**
 * Splits `total` into `parts` amounts that differ by at most 1p and add back to `total` exactly.
 * The remainder pence go to the earliest parts, so the first instalments are never smaller.
 */
export const splitEvenly = (total: Pence, parts: number): Pence[] => {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`Cannot split into ${parts} parts`);
  const base = Math.floor(total / parts);
  const remainder = total - base * parts;
  return Array.from({ length: parts }, (_, i) => pence(base + (i < remainder ? 1 : 0)));
};

const formatter = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** £1,234.50 */
export const formatPence = (amount: number): string => formatter.format(amount / 100);
