// The shared input rules a hostile caller meets first: free text, page sizes and unknown query parameters.
import { describe, expect, it } from 'vitest';
import { PageQuery, safeText } from '../../functions/api/schemas/common.js';

describe('Schema: safeText', () => {
  const text = safeText(200);
  it.each([
    ['a null byte', 'walk\u0000group'],
    ['a right-to-left override', 'walk\u202egroup'],
    ['a left-to-right isolate', 'walk\u2066group'],
    ['an escape character', 'walk\u001b[31mgroup'],
    ['a delete character', 'walk\u007fgroup'],
    ['a C1 control', 'walk\u0085group'],
    ['a lone high surrogate', 'walk\ud800group'],
    ['a lone low surrogate', 'walk\udc00group'],
    ['a byte-order mark inside the text', 'walk\ufeffgroup'],
  ])('refuses %s', (_what, value) => {
    expect(text.safeParse(value).success).toBe(false);
  });

  it('keeps ordinary UK English, accents, emoji and line breaks', () => {
    for (const value of ['Café chat – Tuesdays', 'Ysgol Gymraeg: ŵ ŷ', 'Walk 🚶 and talk', 'Line one\nLine two', 'Ó Súilleabháin’s allotment']) {
      expect(text.safeParse(value).success, value).toBe(true);
    }
  });
});

describe('Schema: PageQuery', () => {
  it.each(['0x10', '1e2', '+5', ' 5', '5.0', '05a', '', '-1', '0', '201'])('refuses limit=%s', (limit) => {
    expect(PageQuery.safeParse({ limit }).success).toBe(false);
  });

  it('accepts a plain decimal limit and defaults to 50', () => {
    expect(PageQuery.parse({ limit: '200' }).limit).toBe(200);
    expect(PageQuery.parse({}).limit).toBe(50);
  });

  it('refuses a query parameter it does not know', () => {
    expect(PageQuery.safeParse({ limit: '5', lmit: '5' }).success).toBe(false);
  });
});
