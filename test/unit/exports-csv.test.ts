// CSV for the spend export: RFC 4180 quoting and CRLF rows, the formula-injection guard, and pounds from pence.
import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '../../shared/domain/exports/csv.js';
import { poundsFromPence, poundsNumber } from '../../shared/domain/exports/pounds.js';
import { netPaidPence, SPEND_COLUMNS, spendRow, type PaidLine } from '../../shared/domain/exports/spend-rows.js';

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

describe('Function: spendRow', () => {
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
  const body = { id: 'org_m', name: 'Medway Voluntary Action', charityNumber: '1092948', companyNumber: null };
  const supplier = { id: 'org_v', name: 'Walk, Talk & Tea', charityNumber: null, companyNumber: '01234567' };

  it('fills the Transparency Code columns in order, dating the payment in Europe/London', () => {
    const row = spendRow(line, body, supplier, '360G-test');
    expect(Object.fromEntries(SPEND_COLUMNS.map((c, i) => [c, row![i]]))).toEqual({
      'Body name': 'Medway Voluntary Action',
      Body: 'GB-CHC-1092948',
      'Service area': 'Social prescribing',
      'Expenditure category': 'Grants to voluntary organisations',
      // 23:30 UTC on 29 March 2026 is 00:30 BST on the 30th.
      Date: '2026-03-30',
      'Transaction number': 'tr_123',
      'Net amount': '75.00',
      'Supplier name': 'Walk, Talk & Tea',
      'Supplier ID': 'GB-COH-01234567',
      'Fund ID': 'fund_1',
      'Payout run ID': 'run_1',
      'Payout line ID': 'line_1',
    });
  });

  it('leaves out a fully reversed line and keeps what a partial reversal did not take back', () => {
    expect(spendRow({ ...line, status: 'reversed', reversedPence: 7_500 }, body, supplier, 'p')).toBeNull();
    expect(spendRow({ ...line, status: 'reversed', reversedPence: 2_500 }, body, supplier, 'p')![6]).toBe('50.00');
    expect(netPaidPence({ status: 'reversed', amountPence: 100, reversedPence: null })).toBe(0);
  });

  it('leaves out lines that paid nothing', () => {
    expect(spendRow({ ...line, status: 'failed' }, body, supplier, 'p')).toBeNull();
    expect(spendRow({ ...line, status: 'pending' }, body, supplier, 'p')).toBeNull();
  });
});
