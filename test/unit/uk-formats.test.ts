// Every human-readable detail the API can produce for money or dates goes through format.ts, so it
// reads £1,234.50 and 23 November 2026. Machine fields (…Pence, ISO dates) are not details.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatMoney } from '../../shared/domain/format.js';
import { issueMessage } from '../../functions/api/schemas/issue-messages.js';
import { HOLD_DETAIL } from '../../shared/domain/statement.js';

const ROOTS = ['functions', 'shared', 'local'];
// The Stripe sandbox imitates Stripe's own API errors, which the SDK reads; they are not ours to word.
const SKIP = [join('local', 'stripe-sandbox')];

const sourceFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) => {
      const path = join(dir, e.name);
      if (SKIP.some((s) => path.startsWith(s))) return [];
      return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
    }),
  );
  return files.flat();
};

/** Places that make text for people: problem details, validation messages, export descriptions. */
const HUMAN_TEXT = /new AppError\(|invalid\(|issue\(|fieldError\(|message:|detail:|warning:|description|console\.log\(|lines\.push\(/;
/** An interpolated value that is money or a date, by its name. */
const MONEY_OR_DATE = /pence|amount|total|balance|tariff|date|startsOn|endsOn|payableOn|through|acceptedAt|paidAt|createdAt|\bat\b/i;
const FORMATTED = /^(formatMoney|formatDate|formatDateRange)\(/;

describe('UK formats in human-readable text', () => {
  it('formats every interpolated amount of money or date in a detail, message or description', async () => {
    const offenders: string[] = [];
    for (const root of ROOTS) {
      for (const file of await sourceFiles(root)) {
        const lines = (await readFile(file, 'utf8')).split('\n');
        lines.forEach((line, i) => {
          // The text may start on the line after the call that makes it.
          const context = [lines[i - 1] ?? '', line].join('\n');
          if (!HUMAN_TEXT.test(context) || line.trim().startsWith('//') || line.trim().startsWith('*')) return;
          for (const template of line.matchAll(/`([^`]*)`/g)) {
            for (const [, expression] of template[1]!.matchAll(/\$\{([^}]*)\}/g)) {
              if (MONEY_OR_DATE.test(expression!) && !FORMATTED.test(expression!.trim())) offenders.push(`${file}:${i + 1}: \${${expression}}`);
            }
          }
        });
      }
    }
    expect(offenders).toEqual([]);
  });

  it('renders money and dates the UK way in the messages that carry them', () => {
    const samples = [
      // fund_exhausted, when a block agreement is more than the fund has left.
      `The fund cannot cover ${formatMoney(99_999_999)} for this block agreement.`,
      // validation_failed, when an agreement falls outside its fund.
      issueMessage({ code: 'custom', path: ['startsOn'], message: `must fall within the fund (${formatDateRange('2026-04-01', '2027-03-31')})` }),
      // no_agreement, naming the London day of the acceptance.
      `No active agreement covers activity act_1 on ${formatDate('2026-11-23')}.`,
      // validation_failed on money limits.
      issueMessage({ code: 'too_small', origin: 'number', minimum: 1, path: ['tariffPence'], message: '' }),
      issueMessage({ code: 'too_big', origin: 'number', maximum: 100_000_000_000, path: ['totalPence'], message: '' }),
      ...Object.values(HOLD_DETAIL),
    ];
    for (const text of samples) {
      expect(text, text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text, text).not.toMatch(/\b\d+p\b/);
      for (const [pounds] of text.matchAll(/£[\d,.]*\d/g)) expect(pounds, text).toMatch(/^£\d{1,3}(,\d{3})*\.\d{2}$/);
    }
    expect(samples.slice(0, 5)).toEqual([
      'The fund cannot cover £999,999.99 for this block agreement.',
      'Start date must fall within the fund (1 April 2026 to 31 March 2027).',
      'No active agreement covers activity act_1 on 23 November 2026.',
      'Tariff must be at least £0.01.',
      'Total must be at most £1,000,000,000.00.',
    ]);
  });
});
