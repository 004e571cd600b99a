// Finds valid NHS numbers (10 digits, modulus 11 check) in free text, so personal data is refused.

/** True when the ten digits pass the NHS number modulus 11 check. */
export const isValidNhsNumber = (digits: string): boolean => {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
};

// Ten digits, optionally grouped 3-3-4 or otherwise by single spaces, not part of a longer number.
const CANDIDATE = /(?<!\d)(\d(?: ?\d){9})(?!\d)/g;

export const containsNhsNumber = (text: string): boolean => {
  for (const match of text.matchAll(CANDIDATE)) {
    if (isValidNhsNumber((match[1] ?? '').replace(/ /g, ''))) return true;
  }
  return false;
};
