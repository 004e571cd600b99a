// Payments made, one row per paid payout line, in the columns of the Local Government
// Transparency Code (2015) spend data, plus the ids that tie each row back to a fund and run.
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

/**
 * What a line still pays: all of it once paid; after a reversal, what Stripe did not take back
 * (nothing, for a full reversal). Pending and failed lines paid nothing. Summed over a fund's lines
 * this equals the fund's paidPence, because a reversal moves exactly reversedPence back out of paid.
 */
export const netPaidPence = (line: Pick<PaidLine, 'status' | 'amountPence' | 'reversedPence'>): number => {
  if (line.status === 'paid') return line.amountPence;
  if (line.status === 'reversed') return Math.max(0, line.amountPence - (line.reversedPence ?? line.amountPence));
  return 0;
};

/**
 * The row for one line, or null when the line paid nothing. Date is the payment's day in
 * Europe/London as YYYY-MM-DD (ISO 8601): the LGA spend-data schema asks for ISO dates, they sort
 * as text, and they cannot be misread as US dates the way 03/04/2026 can.
 */
export const spendRow = (
  line: PaidLine,
  body: NamedOrganisation,
  supplier: NamedOrganisation,
  publisherPrefix: string,
): string[] | null => {
  const net = netPaidPence(line);
  if (net === 0 || !line.paidAt) return null;
  return [
    body.name,
    organisationIdentifier(body, publisherPrefix),
    SERVICE_AREA,
    EXPENDITURE_CATEGORY,
    londonDate(new Date(line.paidAt)),
    line.stripeTransferId ?? line.id,
    poundsFromPence(net),
    supplier.name,
    organisationIdentifier(supplier, publisherPrefix),
    line.fundId,
    line.runId,
    line.id,
  ];
};
