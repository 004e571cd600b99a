// Pounds for publication, formatted from integer pence with integer arithmetic (never a float).

/** 123456 → "1234.56", 5 → "0.05", -250 → "-2.50": the plain decimal that spend files and 360Giving use. */
export const poundsFromPence = (amountPence: number): string => {
  if (!Number.isSafeInteger(amountPence)) throw new RangeError(`Money must be a whole number of pence, got ${amountPence}`);
  const magnitude = BigInt(Math.abs(amountPence));
  const pounds = magnitude / 100n;
  const pence = magnitude % 100n;
  return `${amountPence < 0 ? '-' : ''}${pounds}.${pence.toString().padStart(2, '0')}`;
};

/**
 * The same amount as a JSON number, for standards whose amounts are numbers (360Giving). The number
 * is parsed from the exact decimal text, so it serialises back as that text (1234.56, not 1234.5600001).
 */
export const poundsNumber = (amountPence: number): number => Number(poundsFromPence(amountPence));
