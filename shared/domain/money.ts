// Money as integer pence: a branded type and explicit splitting (display lives in format.ts).
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

/**
 * Splits `total` in proportion to `weights` (largest remainder method): each part is its exact share
 * rounded down, and the pence left over go one each to the largest fractional remainders, ties to
 * the earlier weight. The parts add back to `total`, and no part exceeds its weight when `total` does
 * not exceed their sum.
 */
export const splitProportionally = (total: Pence, weights: readonly number[]): Pence[] => {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new RangeError('Cannot split in proportion to weights that sum to zero');
  // BigInt: weight × total passes 2^53 for large amounts (a £300,000 fund split by pence is 9 × 10^14 already).
  const whole = BigInt(sum);
  const exact = weights.map((w, index) => {
    const scaled = BigInt(w) * BigInt(total);
    return { index, floor: Number(scaled / whole), remainder: scaled % whole };
  });
  let left = total - exact.reduce((a, e) => a + e.floor, 0);
  const parts = exact.map((e) => e.floor);
  for (const e of [...exact].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index))) {
    if (left === 0) break;
    parts[e.index]! += 1;
    left -= 1;
  }
  return parts.map(pence);
};
