// Bench rows from measured figures (ratio, goal met), and the table they print as: console text and Markdown.
import type { BenchRow } from './row.js';

/** A row with no ratio: not measured this run (a module another branch adds is not there yet), or nothing to divide by. */
export interface TextRow {
  readonly measure: string;
  readonly text: string;
}

export type TableEntry = BenchRow | TextRow;

export const isMeasured = (entry: TableEntry): entry is BenchRow => 'ratio' in entry;

/** Two decimals for ratios: enough to see 1.19× from 1.21× against a 1.2× goal. */
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * The ratio is the project's figure over the floor's; a floor of zero (nothing measurable) gives
 * an infinite ratio, which never meets a goal, rather than a division error hidden as a pass.
 */
export const benchRow = (input: { measure: string; unit: BenchRow['unit']; project: number; floor: number; goal: number; note?: string }): BenchRow => {
  const ratio = input.floor > 0 ? round(input.project / input.floor, 2) : Number.POSITIVE_INFINITY;
  return {
    measure: input.measure,
    unit: input.unit,
    project: round(input.project, 2),
    floor: round(input.floor, 2),
    ratio,
    goal: input.goal,
    met: ratio <= input.goal,
    ...(input.note ? { note: input.note } : {}),
  };
};

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** `12.3 ms`, `1,402 KB`, `4.5 s`: KB are whole, times keep one decimal. */
export const figure = (value: number, unit: BenchRow['unit']): string => `${(unit === 'KB' ? WHOLE : NUMBER).format(value)} ${unit}`;

export const ratioText = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '∞');

const HEADINGS = ['measure', 'project', 'floor', 'ratio', 'goal', 'met'] as const;

const cells = (entry: TableEntry): string[] =>
  isMeasured(entry)
    ? [entry.measure, figure(entry.project, entry.unit), figure(entry.floor, entry.unit), ratioText(entry.ratio), `≤ ${entry.goal}×`, entry.met ? 'yes' : 'NO']
    : [entry.measure, entry.text, '', '', '', ''];

/** The console table: columns padded to their widest cell, figures right-aligned, rows without a ratio as one line of text, notes under it. */
export const consoleTable = (entries: readonly TableEntry[]): string => {
  const rows = [HEADINGS as readonly string[], ...entries.map(cells)];
  const measured = [HEADINGS as readonly string[], ...entries.filter(isMeasured).map(cells)];
  const widths = HEADINGS.map((_, column) => Math.max(...(column === 0 ? rows : measured).map((row) => [...(row[column] ?? '')].length)));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => (column === 0 || column === 5 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const print = (entry: TableEntry) => (isMeasured(entry) ? line(cells(entry)) : `${entry.measure.padEnd(widths[0]!)}  ${entry.text}`);
  const notes = entries.filter(isMeasured).filter((e) => e.note).map((e) => `  ${e.measure}: ${e.note}`);
  return [line(HEADINGS), widths.map((w) => '-'.repeat(w)).join('  '), ...entries.map(print), ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
};

/** The same table in Markdown, as docs/bench.md shows it; pipes in a measure's name are escaped. */
export const markdownTable = (entries: readonly TableEntry[]): string => {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${HEADINGS.join(' | ')} |`,
    `|${HEADINGS.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...entries.map((entry) => `| ${cells(entry).map(escape).join(' | ')} |`),
  ].join('\n');
};
