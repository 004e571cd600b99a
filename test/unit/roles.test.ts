import { describe, expect, it } from 'vitest';
import { parseGroups } from '../../shared/domain/roles.js';

describe('Function: parseGroups', () => {
  it('reads a JSON array from a verified token', () => {
    expect(parseGroups(['fund_manager', 'admin'])).toEqual(['fund_manager', 'admin']);
  });
  it('reads API Gateway’s bracketed authorizer-context string', () => {
    expect(parseGroups('[fund_manager admin]')).toEqual(['fund_manager', 'admin']);
  });
  it('reads a single group and a JSON-encoded string', () => {
    expect(parseGroups('[vcse]')).toEqual(['vcse']);
    expect(parseGroups('["vcse","commissioner"]')).toEqual(['vcse', 'commissioner']);
  });
  it('drops unknown groups and survives junk', () => {
    expect(parseGroups('[superuser admin]')).toEqual(['admin']);
    expect(parseGroups(undefined)).toEqual([]);
    expect(parseGroups(42)).toEqual([]);
    expect(parseGroups('[]')).toEqual([]);
  });
});
