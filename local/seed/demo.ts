// Demo data for `npm start`, from the Medway and Swale social prescribing reports (see shared data README).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../shared/domain/roles.js';

export interface DemoUser {
  readonly sub: string;
  readonly roles: Role[];
  readonly organisation?: string;
  readonly description: string;
}

/** Referrer organisations: those employing link workers in Medway and Swale. */
export const loadReferrers = async (): Promise<{ name: string; linkWorkersFte: number; priorityGroup: string }[]> => {
  const csv = await readFile(fileURLToPath(new URL('./medway-swale-sp-providers.csv', import.meta.url)), 'utf8');
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      // RFC 4180: a quoted field may hold commas.
      const fields = [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
      return { name: fields[0]!, linkWorkersFte: Number(fields[1]), priorityGroup: fields[2]! };
    })
    .filter((r) => r.name);
};

export const DEMO_VCSE = [
  {
    name: 'Medway Walking Friends',
    charityNumber: '1123456',
    activities: [
      { name: 'Riverside health walks, Chatham', category: 'physical_activity', postcode: 'ME4 4QU' },
      { name: 'Strood seated exercise', category: 'falls_prevention', postcode: 'ME2 4AW' },
    ],
  },
  {
    name: 'Sheppey Befriending Network',
    charityNumber: '1098765',
    activities: [
      { name: 'Telephone befriending', category: 'befriending', postcode: 'ME12 1HH' },
      { name: 'Carers’ coffee morning', category: 'carers_support', postcode: 'ME12 2BY' },
    ],
  },
  {
    name: 'Gillingham Community Garden',
    charityNumber: '1187654',
    activities: [{ name: 'Green gym and allotment sessions', category: 'gardening', postcode: 'ME7 1DL' }],
  },
  {
    name: 'Swale Advice Centre',
    charityNumber: '1054321',
    activities: [{ name: 'Benefits and debt advice drop-in', category: 'benefits_and_debt_advice', postcode: 'ME10 4DE' }],
  },
] as const;

export const DEMO_FUND = {
  name: 'Medway and Swale Health Inequalities Fund 2026/27',
  totalPence: 30_000_000,
  startsOn: '2026-04-01',
  endsOn: '2027-03-31',
} as const;
