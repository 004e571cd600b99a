import { describe, expect, it } from 'vitest';
import { containsNhsNumber, isValidNhsNumber } from '../../shared/domain/nhs-number.js';

describe('Function: isValidNhsNumber', () => {
  it('accepts a number whose modulus 11 check digit is right', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
  });
  it('refuses a wrong check digit and a check value of 10', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    // 000000006x: weighted sum 12, so the check value is 10, which no NHS number may have.
    for (let d = 0; d <= 9; d += 1) expect(isValidNhsNumber(`000000006${d}`)).toBe(false);
  });
});

describe('Function: containsNhsNumber', () => {
  it('finds one written with spaces inside other text', () => {
    expect(containsNhsNumber('client 943 476 5919 prefers mornings')).toBe(true);
    expect(containsNhsNumber('9434765919')).toBe(true);
  });
  it('ignores longer digit runs and invalid numbers', () => {
    expect(containsNhsNumber('ref 19434765919')).toBe(false);
    expect(containsNhsNumber('943 476 5910')).toBe(false);
    expect(containsNhsNumber('CR-2026-0042')).toBe(false);
  });
});

describe('Function: containsNhsNumber, however the number is written', () => {
  it.each([
    ['two spaces', '943  476  5919'],
    ['tabs', '943\t476\t5919'],
    ['non-breaking spaces', '943\u00a0476\u00a05919'],
    ['narrow no-break spaces', '943\u202f476\u202f5919'],
    ['dashes', '943-476-5919'],
    ['en dashes', '943–476–5919'],
    ['dots', '943.476.5919'],
    ['slashes', '943/476/5919'],
    ['full-width digits', '９４３４７６５９１９'],
    ['Arabic-Indic digits', '٩٤٣٤٧٦٥٩١٩'],
    ['Devanagari digits', '९४३४७६५९१९'],
    ['mathematical bold digits', '𝟗𝟒𝟑𝟒𝟕𝟔𝟓𝟗𝟏𝟗'],
    ['zero-width spaces between digits', '943\u200b476\u200b5919'],
    ['a mix of all of them', 'seen today ９４３ -\u00a0476\t٥٩١٩ ok'],
  ])('finds one written with %s', (_how, text) => {
    expect(containsNhsNumber(text)).toBe(true);
  });

  it('still ignores ordinary numbers, dates and references', () => {
    for (const text of ['CR-2026-0042', '2026-11-23', 'room 12, 14 and 16', 'ref 19434765919', '943 476 5910', 'SNOMED 1234567890123']) {
      expect(containsNhsNumber(text), text).toBe(false);
    }
  });
});
