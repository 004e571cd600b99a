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
