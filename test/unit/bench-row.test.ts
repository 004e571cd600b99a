// `npm run bench` rows: the ratio against the floor, whether the goal is met, and how the table prints.
import { describe, expect, it } from 'vitest';
import { benchRow, consoleTable, figure, markdownTable, ratioText } from '../../bench/table.js';
import { coveredMs, percentile } from '../../bench/stats.js';

describe('Bench: a row against its floor', () => {
  it('divides the project figure by the floor and rounds the ratio to two decimals', () => {
    const row = benchRow({ measure: 'acceptance p50', unit: 'ms', project: 21.9, floor: 10, goal: 1.5 });
    expect(row.ratio).toBe(2.19);
    expect(row.met).toBe(false);
  });

  it('meets a goal the ratio equals exactly', () => {
    expect(benchRow({ measure: 'list', unit: 'ms', project: 12, floor: 10, goal: 1.2 }).met).toBe(true);
    expect(benchRow({ measure: 'list', unit: 'ms', project: 12.1, floor: 10, goal: 1.2 }).met).toBe(false);
  });

  it('never passes a row whose floor measured zero', () => {
    const row = benchRow({ measure: 'broken', unit: 'ms', project: 5, floor: 0, goal: 1.5 });
    expect(row.ratio).toBe(Number.POSITIVE_INFINITY);
    expect(row.met).toBe(false);
    expect(ratioText(row.ratio)).toBe('∞');
  });
});

describe('Bench: the printed table', () => {
  const rows = [
    benchRow({ measure: 'acceptance p50, one at a time', unit: 'ms', project: 1234.56, floor: 600, goal: 1.5, note: 'machine shared with other work' }),
    benchRow({ measure: 'API bundle', unit: 'KB', project: 1402.4, floor: 800, goal: 1 }),
    { measure: 'cold start', text: 'not measured (module missing)' },
  ];

  it('shows figures in UK style with their units, the ratio with ×, and NO for a missed goal', () => {
    const text = consoleTable(rows);
    expect(text).toContain('1,234.6 ms');
    expect(text).toContain('1,402 KB');
    expect(text).toContain('2.06×');
    expect(text).toContain('≤ 1.5×');
    expect(text.split('\n')[2]).toMatch(/NO$/);
    expect(text).toContain('cold start');
    expect(text).toContain('not measured (module missing)');
    expect(text).toContain('acceptance p50, one at a time: machine shared with other work');
  });

  it('lines the columns up', () => {
    const [header, rule, first, second] = consoleTable(rows).split('\n');
    expect(rule!.length).toBeGreaterThanOrEqual(header!.length);
    // Right-aligned figures end in the same column.
    expect(first!.indexOf(' ms') + 3).toBe(second!.indexOf(' KB') + 3);
  });

  it('writes a Markdown table with one line per row and escapes pipes', () => {
    const md = markdownTable([benchRow({ measure: 'a | b', unit: 's', project: 4.56, floor: 4, goal: 1.1 })]).split('\n');
    expect(md[0]).toBe('| measure | project | floor | ratio | goal | met |');
    expect(md[2]).toBe('| a \\| b | 4.6 s | 4 s | 1.14× | ≤ 1.1× | NO |');
  });

  it('keeps whole kilobytes and one decimal of time', () => {
    expect(figure(799.6, 'KB')).toBe('800 KB');
    expect(figure(0.04, 'ms')).toBe('0 ms');
  });
});

describe('Bench: the figures behind a row', () => {
  it('takes the nearest-rank percentile', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('counts time covered by overlapping API calls once', () => {
    expect(coveredMs([[0, 10], [5, 12], [20, 25]])).toBe(17);
    expect(coveredMs([[0, 10], [2, 3]])).toBe(10);
  });
});
