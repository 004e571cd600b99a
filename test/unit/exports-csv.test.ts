// CSV for the spend export: RFC 4180 quoting and CRLF rows, the formula-injection guard, and pounds from pence.
import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '../../shared/domain/exports/csv.js';
import { poundsFromPence, poundsNumber } from '../../shared/domain/exports/pounds.js';
import { reversalsByLine, SPEND_COLUMNS, spendRows, type LineReversal, type PaidLine } from '../../shared/domain/exports/spend-rows.js';

describe('Function: csvField', () => {
  it('leaves plain text as it is', () => {
    expect(csvField('Medway Voluntary Action')).toBe('Medway Voluntary Action');
  });

  it('quotes a field holding a comma', () => {
    expect(csvField('Hope, Care and Co')).toBe('"Hope, Care and Co"');
  });

  it('doubles an embedded double quote and quotes the field', () => {
    expect(csvField('The "Walking" Group')).toBe('"The ""Walking"" Group"');
  });

  it('quotes a field holding a line feed, a carriage return or CRLF', () => {
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('writes null and undefined as an empty field', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it.each(['=SUM(A1:A9)', '+44 1634 000000', '-2+3', '@cmd', '\tpadded', '\rreturn'])(
    'prefixes an apostrophe to text a spreadsheet would run as a formula: %j',
    (text) => {
      expect(csvField(text).replace(/^"/, '').startsWith(`'${text.charAt(0)}`)).toBe(true);
    },
  );

  it('guards and quotes together when a formula also holds a comma or quote', () => {
    expect(csvField('=HYPERLINK("http://x.example","click")')).toBe('"\'=HYPERLINK(""http://x.example"",""click"")"');
  });

  it('does not touch numbers, so a negative number stays a number', () => {
    expect(csvField(-5)).toBe('-5');
  });

  it('leaves a plain negative amount such as a reversal\'s -20.00 unguarded, but not a sum that starts with a minus', () => {
    expect(csvField('-20.00')).toBe('-20.00');
    expect(csvField('-2+3')).toBe("'-2+3");
  });
});

describe('Function: csvRow', () => {
  it('joins fields with commas and ends the record with CRLF', () => {
    expect(csvRow(['a', 'b, c', null, 3])).toBe('a,"b, c",,3\r\n');
  });

  it('keeps an embedded newline inside its quotes, so the record still ends only at CRLF', () => {
    expect(csvRow(['x\ny', 'z'])).toBe('"x\ny",z\r\n');
  });
});

describe('Function: poundsFromPence', () => {
  it.each([
    [123456, '1234.56'],
    [5, '0.05'],
    [0, '0.00'],
    [100, '1.00'],
    [99, '0.99'],
    [30_000_000, '300000.00'],
    [-250, '-2.50'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('formats %i pence as %s with integer arithmetic', (amount, text) => {
    expect(poundsFromPence(amount)).toBe(text);
  });

  it('refuses a fraction of a penny', () => {
    expect(() => poundsFromPence(1.5)).toThrow(RangeError);
  });

  it('gives 360Giving a number that serialises back to the exact decimal', () => {
    expect(JSON.stringify({ v: poundsNumber(123456) })).toBe('{"v":1234.56}');
    expect(JSON.stringify({ v: poundsNumber(1010) })).toBe('{"v":10.1}');
  });
});

describe('Function: spendRows', () => {
  const line: PaidLine = {
    id: 'line_1',
    runId: 'run_1',
    fundId: 'fund_1',
    organisationId: 'org_v',
    amountPence: 7_500,
    status: 'paid',
    stripeTransferId: 'tr_123',
    paidAt: '2026-03-29T23:30:00Z',
  };
  const parties = {
    body: { id: 'org_m', name: 'Medway Voluntary Action', charityNumber: '1092948', companyNumber: null },
    supplier: { id: 'org_v', name: 'Walk, Talk & Tea', charityNumber: null, companyNumber: '01234567' },
    publisherPrefix: '360G-test',
  };
  const reversal = (n: number, amountPence: number, at: string): LineReversal => ({ runId: 'run_1', lineId: 'line_1', n, amountPence, at });
  const named = (row: string[]) => Object.fromEntries(SPEND_COLUMNS.map((c, i) => [c, row[i]]));

  it('fills the Transparency Code columns in order, dating the payment in Europe/London', () => {
    const [row] = spendRows(line, [], parties);
    expect(named(row!)).toEqual({
      'Body name': 'Medway Voluntary Action',
      Body: 'GB-CHC-1092948',
      'Service area': 'Social prescribing',
      'Expenditure category': 'Grants to voluntary organisations',
      // 23:30 UTC on 29 March 2026 is 00:30 BST on the 30th.
      Date: '2026-03-30',
      'Transaction number': 'tr_123',
      'Net amount': '75.00',
      'Original transaction number': '',
      'Supplier name': 'Walk, Talk & Tea',
      'Supplier ID': 'GB-COH-01234567',
      'Fund ID': 'fund_1',
      'Payout run ID': 'run_1',
      'Payout line ID': 'line_1',
    });
  });

  it('keeps the payment at its full amount and adds each reversal as its own negative row naming the original transaction', () => {
    const reversed = { ...line, status: 'reversed', reversedPence: 3_000 };
    const rows = spendRows(reversed, [reversal(2, 1_000, '2026-04-20T09:00:00Z'), reversal(1, 2_000, '2026-04-02T09:00:00Z')], parties).map(named);
    expect(rows.map((r) => [r['Date'], r['Transaction number'], r['Net amount'], r['Original transaction number']])).toEqual([
      ['2026-03-30', 'tr_123', '75.00', ''],
      ['2026-04-02', 'tr_123-R1', '-20.00', 'tr_123'],
      ['2026-04-20', 'tr_123-R2', '-10.00', 'tr_123'],
    ]);
    // A negative amount stays a number in a spreadsheet, not text behind an apostrophe.
    expect(csvRow(spendRows(reversed, [reversal(1, 2_000, '2026-04-02T09:00:00Z')], parties)[1]!)).toContain(',-20.00,');
  });

  it('groups reversals by the line they reverse', () => {
    const other = { ...reversal(1, 5, '2026-04-02T09:00:00Z'), lineId: 'line_2' };
    expect(reversalsByLine([reversal(1, 1, 'a'), other, reversal(2, 2, 'b')]).get('line_1')?.map((r) => r.n)).toEqual([1, 2]);
  });

  it('leaves out lines that paid nothing', () => {
    expect(spendRows({ ...line, paidAt: null, status: 'failed' }, [], parties)).toEqual([]);
    expect(spendRows({ ...line, paidAt: null, status: 'pending' }, [], parties)).toEqual([]);
  });
});
