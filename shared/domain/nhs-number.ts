// Finds valid NHS numbers (10 digits, modulus 11 check) in free text, however written, so personal data is refused.

/** True when the ten digits pass the NHS number modulus 11 check. */
export const isValidNhsNumber = (digits: string): boolean => {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
};

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * The ASCII digit a Unicode decimal digit stands for. Unicode lays out every decimal digit set as ten
 * consecutive code points from zero (some sets sit back to back), so the value is the distance from
 * the start of the run of digits it belongs to, modulo ten.
 */
const asciiDigit = (digit: string): string => {
  const code = digit.codePointAt(0)!;
  if (code < 0x80) return digit;
  let start = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return String((code - start) % 10);
};

/**
 * Text as a reader sees it: compatibility forms folded (full-width and circled digits), invisible
 * format characters (zero-width spaces, joiners, direction marks) dropped, every digit in ASCII.
 */
const normalise = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Nd}/gu, asciiDigit);

// Between two digits: up to three separators of any kind a person types to group digits (spaces of
// every width, tabs, dashes of every length, dots, slashes, underscores).
const SEPARATOR = String.raw`[\s\p{Zs}\p{Pd}._/\\]{0,3}`;
// Ten digits so separated, not part of a longer run of digits.
const CANDIDATE = new RegExp(String.raw`(?<!\d)(\d(?:${SEPARATOR}\d){9})(?!\d)`, 'gu');

export const containsNhsNumber = (text: string): boolean => {
  for (const match of normalise(text).matchAll(CANDIDATE)) {
    if (isValidNhsNumber((match[1] ?? '').replace(/\D/g, ''))) return true;
  }
  return false;
};
