// Reading Day, Month and Year boxes: only the shape is judged here; the date itself is the API's to refuse.
import { describe, expect, it } from 'vitest';
import { dateBoxes, readDate, readDates } from './date-boxes.js';

const boxes = (day: string, month: string, year: string) => ({ 'acceptedAt-day': day, 'acceptedAt-month': month, 'acceptedAt-year': year });
const read = (day: string, month: string, year: string) => readDate(boxes(day, month, year), 'acceptedAt', 'Acceptance date');

describe('Function: readDate', () => {
  it('sends nothing when all three boxes are empty, so the API says whether the date is required', () => {
    expect(read('', '', '')).toEqual({ kind: 'empty', values: boxes('', '', '') });
    expect(readDate({}, 'acceptedAt', 'Acceptance date').kind).toBe('empty');
  });

  it('builds the API’s YYYY-MM-DD from a day and month with or without leading zeros', () => {
    expect(read('28', '11', '2026')).toMatchObject({ kind: 'date', iso: '2026-11-28' });
    expect(read('1', '2', '2027')).toMatchObject({ kind: 'date', iso: '2027-02-01' });
    expect(read('05', '003', '2026')).toMatchObject({ kind: 'date', iso: '2026-03-05' });
  });

  it('trims spaces around each box and refills the boxes trimmed', () => {
    expect(read(' 7 ', '\t12', '2026  ')).toEqual({ kind: 'date', iso: '2026-12-07', values: boxes('7', '12', '2026') });
  });

  it('passes 31 2 2026 on for the API to refuse in its own words', () => {
    expect(read('31', '2', '2026')).toMatchObject({ kind: 'date', iso: '2026-02-31' });
    expect(read('0', '13', '2026')).toMatchObject({ kind: 'date', iso: '2026-13-00' });
  });

  it('names the one box left empty and highlights only it', () => {
    expect(read('28', '', '2026')).toEqual({
      kind: 'refused',
      values: boxes('28', '', '2026'),
      error: { field: 'acceptedAt-month', message: 'Acceptance date must include a month', highlight: ['acceptedAt-month'] },
    });
  });

  it('names two boxes left empty, links to the first and highlights both', () => {
    const reading = read('', '11', '');
    expect(reading).toMatchObject({ kind: 'refused', error: { field: 'acceptedAt-day', message: 'Acceptance date must include a day and year', highlight: ['acceptedAt-day', 'acceptedAt-year'] } });
  });

  it('refuses a box that is not digits as not a real date, keeping what was typed', () => {
    const reading = read('28', 'Nov', '2026');
    expect(reading).toEqual({
      kind: 'refused',
      values: boxes('28', 'Nov', '2026'),
      error: { field: 'acceptedAt-month', message: 'Acceptance date must be a real date', highlight: ['acceptedAt-month'] },
    });
    expect(read('-1', '11', '2026')).toMatchObject({ error: { field: 'acceptedAt-day', message: 'Acceptance date must be a real date' } });
    expect(read('1.5', '11', '20 26')).toMatchObject({ error: { highlight: ['acceptedAt-day', 'acceptedAt-year'] } });
    expect(read('128', '11', '2026')).toMatchObject({ error: { field: 'acceptedAt-day', message: 'Acceptance date must be a real date' } });
  });

  it('asks for four numbers in a two-figure year, and refuses a five-figure one', () => {
    expect(read('28', '11', '26')).toMatchObject({ kind: 'refused', error: { field: 'acceptedAt-year', message: 'Year must include 4 numbers', highlight: ['acceptedAt-year'] } });
    expect(read('28', '11', '20266')).toMatchObject({ kind: 'refused', error: { field: 'acceptedAt-year', message: 'Acceptance date must be a real date' } });
  });

  it('says a box is missing before it says another is not a real date', () => {
    expect(read('', 'Nov', '26')).toMatchObject({ error: { message: 'Acceptance date must include a day' } });
  });
});

describe('Function: readDates', () => {
  it('reads every date on a form: what to send, what to refill and each refusal', () => {
    const form = { 'startsOn-day': '1', 'startsOn-month': '12', 'startsOn-year': '2026', 'endsOn-day': '31', 'endsOn-month': '3', 'endsOn-year': '27', other: 'x' };
    const read = readDates(form, { startsOn: 'Start date', endsOn: 'End date' });
    expect(read.iso).toEqual({ startsOn: '2026-12-01', endsOn: undefined });
    expect(read.values).toEqual({ 'startsOn-day': '1', 'startsOn-month': '12', 'startsOn-year': '2026', 'endsOn-day': '31', 'endsOn-month': '3', 'endsOn-year': '27' });
    expect(read.errors).toEqual([{ field: 'endsOn-year', message: 'Year must include 4 numbers', highlight: ['endsOn-year'] }]);
  });
});

describe('Function: dateBoxes', () => {
  it('shows a date the page suggests in the boxes, without leading zeros', () => {
    expect(dateBoxes('through', '2026-12-01')).toEqual({ 'through-day': '1', 'through-month': '12', 'through-year': '2026' });
    expect(dateBoxes('through', '')).toEqual({});
  });
});
