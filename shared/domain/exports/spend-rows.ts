// Payments made, in the columns of the Local Government Transparency Code (2015) spend data plus the
// ids that tie each row back to a fund and run: one row per paid payout line for its full amount,
// and one row per reversal with a negative amount naming the transaction it takes money back from.
import { londonDate } from '../periods.js';
import { organisationIdentifier, type IdentifiableOrganisation } from './org-identifier.js';
import { poundsFromPence } from './pounds.js';

export const SPEND_COLUMNS = [
  'Body name',
  'Body',
  'Service area',
  'Expenditure category',
  'Date',
  'Transaction number',
  'Net amount',
  'Original transaction number',
  'Supplier name',
  'Supplier ID',
  'Fund ID',
  'Payout run ID',
  'Payout line ID',
] as const;

/** What every payment from a fund is for, in the words councils use in their spend files. */
export const SERVICE_AREA = 'Social prescribing';
export const EXPENDITURE_CATEGORY = 'Grants to voluntary organisations';

export interface PaidLine {
  readonly id: string;
  readonly runId: string;
  readonly fundId: string;
  readonly organisationId: string;
  readonly amountPence: number;
  readonly status: string;
  readonly stripeTransferId: string | null;
  readonly paidAt?: string | null;
  /** Set when Stripe reversed (part of) the transfer; the reversed amount is paid again in a later run. */
  readonly reversedPence?: number | null;
}

export type NamedOrganisation = IdentifiableOrganisation & { readonly name: string };

/** One reversal of (part of) a line's transfer, as the run's audit trail records it. */
export interface LineReversal {
  readonly runId: string;
  readonly lineId: string;
  readonly amountPence: number;
  readonly at: string;
  /** 1 for the line's first reversal, 2 for its second, … */
  readonly n: number;
}

/** A reversal's own transaction number: the transfer it reverses, and which reversal of it this is. */
export const reversalTransactionId = (original: string, n: number): string => `${original}-R${n}`;

/** Reversals grouped by the line they reverse. */
export const reversalsByLine = (reversals: readonly LineReversal[]): Map<string, LineReversal[]> => {
  const byLine = new Map<string, LineReversal[]>();
  for (const r of reversals) byLine.set(r.lineId, [...(byLine.get(r.lineId) ?? []), r]);
  return byLine;
};

export interface SpendParties {
  readonly body: NamedOrganisation;
  readonly supplier: NamedOrganisation;
  readonly publisherPrefix: string;
}

const row = (line: PaidLine, parties: SpendParties, at: string, transaction: string, amountPence: number, original: string) => [
  parties.body.name,
  organisationIdentifier(parties.body, parties.publisherPrefix),
  SERVICE_AREA,
  EXPENDITURE_CATEGORY,
  londonDate(new Date(at)),
  transaction,
  poundsFromPence(amountPence),
  original,
  parties.supplier.name,
  organisationIdentifier(parties.supplier, parties.publisherPrefix),
  line.fundId,
  line.runId,
  line.id,
];

/**
 * The rows for one line: its payment for the full amount, then each of its reversals as a negative
 * row dated when Stripe took the money back. None when the line paid nothing. Date is the day in
 * Europe/London as YYYY-MM-DD (ISO 8601): the LGA spend-data schema asks for ISO dates, they sort as
 * text, and they cannot be misread as US dates the way 03/04/2026 can.
 */
export const spendRows = (line: PaidLine, reversals: readonly LineReversal[], parties: SpendParties): string[][] => {
  if (!line.paidAt || line.amountPence === 0) return [];
  const transaction = line.stripeTransferId ?? line.id;
  return [
    row(line, parties, line.paidAt, transaction, line.amountPence, ''),
    ...[...reversals]
      .sort((a, b) => a.n - b.n)
      .map((r) => row(line, parties, r.at, reversalTransactionId(transaction, r.n), -r.amountPence, transaction)),
  ];
};
