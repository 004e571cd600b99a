// Demo data for `npm start`, from the Medway and Swale social prescribing reports (see shared data README).
// The VCSE charities, their charity numbers and contacts are fictional: phone numbers are in Ofcom's
// 01632 960xxx range kept for drama, and e-mail addresses are under the reserved example.org domain.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DemoUser as WebDemoUser } from '../../functions/web/options.js';
import type { Role } from '../../shared/domain/roles.js';

/** A demo user as the local sign-in page lists it (the web's own type), with the seed's roles. */
export type DemoUser = WebDemoUser & { readonly roles: Role[] };

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
    name: 'Medway Walking Friends (fictional)',
    charityNumber: '1123456',
    email: 'hello@walkingfriends.example.org',
    activities: [
      {
        name: 'Riverside health walks, Chatham',
        category: 'physical_activity',
        description: 'A gentle hour’s walk along the Medway with trained walk leaders, finishing with tea. Flat paths, benches on the way; all paces welcome.',
        when: 'Tuesdays and Fridays, 10:00 to 11:00',
        where: 'Meet at the bandstand, The Strand, Gillingham Road, Chatham',
        postcode: 'ME4 4QU',
        contact: { email: 'walks@walkingfriends.example.org', phone: '01632 960101' },
        publicContact: { phone: '01632 960100', url: 'https://walkingfriends.example.org' },
      },
      {
        name: 'Strood seated exercise',
        category: 'falls_prevention',
        description: 'Chair-based strength and balance exercises for people worried about falling, led by a qualified instructor.',
        when: 'Wednesdays, 14:00 to 15:00',
        where: 'Strood Community Hall, Gun Lane, Strood',
        postcode: 'ME2 4AW',
        contact: { email: 'seated@walkingfriends.example.org', phone: '01632 960102' },
        publicContact: { phone: '01632 960100' },
      },
    ],
  },
  {
    name: 'Sheppey Befriending Network (fictional)',
    charityNumber: '1098765',
    email: 'hello@sheppeyfriends.example.org',
    activities: [
      {
        name: 'Telephone befriending',
        category: 'befriending',
        description: 'A weekly friendly phone call from the same trained volunteer, for people who are lonely or isolated at home.',
        when: 'A weekly call at a time agreed with the volunteer, Monday to Saturday',
        where: 'By phone, anywhere on the Isle of Sheppey',
        postcode: 'ME12 1HH',
        contact: { email: 'calls@sheppeyfriends.example.org', phone: '01632 960201' },
        publicContact: { phone: '01632 960200' },
      },
      {
        name: 'Carers’ coffee morning',
        category: 'carers_support',
        description: 'An informal morning for unpaid carers to meet others, get advice and take a break. Sitting service available on request.',
        when: 'First and third Thursday of the month, 10:00 to 12:00',
        where: 'The Healthy Living Centre, Off Halfway Road, Minster',
        postcode: 'ME12 3BY',
        contact: { email: 'carers@sheppeyfriends.example.org', phone: '01632 960202' },
        publicContact: { email: 'hello@sheppeyfriends.example.org' },
      },
    ],
  },
  {
    name: 'Gillingham Community Garden (fictional)',
    charityNumber: '1187654',
    email: 'grow@gillinghamgarden.example.org',
    activities: [
      {
        name: 'Green gym and allotment sessions',
        category: 'gardening',
        description: 'Growing vegetables, light conservation work and a shared lunch. Tools, gloves and guidance provided; no experience needed.',
        when: 'Mondays and Thursdays, 10:00 to 13:00',
        where: 'The community allotments, Beechings Way, Gillingham',
        postcode: 'ME7 1DL',
        contact: { email: 'sessions@gillinghamgarden.example.org', phone: '01632 960301' },
        publicContact: { url: 'https://gillinghamgarden.example.org' },
      },
    ],
  },
  {
    name: 'Swale Advice Centre (fictional)',
    charityNumber: '1054321',
    email: 'advice@swaleadvice.example.org',
    activities: [
      {
        name: 'Benefits and debt advice drop-in',
        category: 'benefits_and_debt_advice',
        description: 'Free, confidential help with benefit claims, debts, energy bills and letters from creditors, by accredited advisers.',
        when: 'Weekdays, 09:30 to 16:00 (drop-in until 15:00)',
        where: 'Swale Advice Centre, High Street, Sittingbourne',
        postcode: 'ME10 4DE',
        contact: { email: 'referrals@swaleadvice.example.org', phone: '01632 960401' },
        publicContact: { phone: '01632 960400', url: 'https://swaleadvice.example.org' },
      },
    ],
  },
] as const;

/** The demo fund's money; its name and dates are the financial year the seed runs in (seed.ts). */
export const DEMO_FUND = { totalPence: 30_000_000 } as const;

/** The per-referral tariff every demo VCSE has, and the monthly capacity that goes with it. */
export const DEMO_TARIFF = { tariffPence: 3_500, capacity: 40 } as const;

/** Block agreements starting this month: the walking group as a whole, and the telephone befriending service. */
export const DEMO_BLOCKS = [
  { vcse: 0, activity: undefined, capacity: 20, monthlyPence: 300_000 },
  { vcse: 1, activity: 0, capacity: 15, monthlyPence: 150_000 },
] as const;

export const PRIORITY_GROUPS = ['Regular attenders of primary care and A&E', 'Residents on the Peninsula', 'Complex needs, carers and frail older people', null] as const;
export const PCNS = ['U60176', 'U04086', 'U34719', null] as const;
