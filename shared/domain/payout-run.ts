// Payout runs: what is owed, one line per organisation, paid by one Stripe transfer each.
import { createHash } from 'node:crypto';
import { AppError } from './errors.js';

// discarded: a draft a fund manager threw away; its amounts went back to payable.
export const RUN_STATUSES = ['draft', 'approved', 'paying', 'paid', 'paid_with_failures', 'discarded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const LINE_STATUSES = ['pending', 'paid', 'failed', 'reversed'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** An amount that became payable (a tariff at acceptance, a block instalment at its period's start). */
export interface Payable {
  readonly id: string;
  readonly fundId: string;
  readonly organisationId: string;
  readonly agreementId: string;
  readonly referralId: string | null;
  readonly amountPence: number;
  readonly payableOn: string;
  readonly dims: { organisation: string; month: string; priorityGroup: string; pcn: string };
  /** Set on an amount made payable again by a reversal: how it splits across report keys. */
  readonly breakdown?: Readonly<Record<'month' | 'priorityGroup' | 'pcn', Breakdown>>;
}

/** The agreement id a reversal's repaid amount carries in place of an agreement's. */
export const REVERSAL_AGREEMENT = 'reversal';

/** A block agreement's instalment: no referral, and not an amount repaid after a reversal. */
export const isBlockInstalment = (p: Pick<Payable, 'referralId' | 'agreementId'>): boolean => p.referralId === null && p.agreementId !== REVERSAL_AGREEMENT;

/** How a payable amount splits across each report dimension's keys. */
export const payableBreakdown = (p: Payable): Record<'month' | 'priorityGroup' | 'pcn', Breakdown> =>
  p.breakdown
    ? { month: { ...p.breakdown.month }, priorityGroup: { ...p.breakdown.priorityGroup }, pcn: { ...p.breakdown.pcn } }
    : { month: { [p.dims.month]: p.amountPence }, priorityGroup: { [p.dims.priorityGroup]: p.amountPence }, pcn: { [p.dims.pcn]: p.amountPence } };

/** Per report dimension, how much of a line's amount sits under each key (moved reserved → paid on payment). */
export type Breakdown = Record<string, number>;

export interface PayoutLine {
  readonly id: string;
  readonly runId: string;
  readonly fundId: string;
  readonly organisationId: string;
  readonly amountPence: number;
  readonly referralCount: number;
  /** Of its payables, the block instalments (the rest are referrals and amounts repaid after a reversal); absent on lines drafted before it was kept. */
  readonly blockInstalmentCount?: number;
  readonly payableCount: number;
  readonly status: LineStatus;
  /** The Stripe idempotency key of the current attempt: the line id, then `<line id>-<attempt>`. */
  readonly idempotencyKey: string;
  readonly attempt: number;
  readonly stripeTransferId: string | null;
  /** The Stripe payout that carried the transfer to the organisation's bank, and its arrival date (London). */
  readonly stripePayoutId?: string | null;
  readonly payoutArrivalDate?: string | null;
  /** When a transfer for this line was last asked of Stripe; set before asking. */
  readonly attemptedAt?: string | null;
  readonly failureCode: string | null;
  /** True when Stripe refused outright (nothing was created), so a retry may use a new key. */
  readonly failureDefinitive: boolean | null;
  /** What Stripe has reversed of this line's transfer so far, in pence (absent until a reversal). */
  readonly reversedPence?: number;
  readonly breakdown: Readonly<Record<'month' | 'priorityGroup' | 'pcn', Breakdown>>;
}

export interface HeldOrganisation {
  readonly organisationId: string;
  readonly amountPence: number;
  readonly reason: 'no_stripe_account' | 'transfers_not_active';
}

export interface PayoutRun {
  readonly id: string;
  readonly fundId: string;
  readonly status: RunStatus;
  readonly through: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly totalPence: number;
  readonly held: readonly HeldOrganisation[];
  readonly progress: { readonly total: number; readonly paid: number; readonly failed: number };
}

export interface OrganisationPayoutState {
  readonly id: string;
  readonly stripeAccountId: string | null;
  readonly transfersCapability: string | null;
}

/** Only a connected account whose `transfers` capability is active can receive a transfer. */
export const canReceiveTransfers = (org: OrganisationPayoutState | undefined): org is OrganisationPayoutState & { stripeAccountId: string } =>
  org !== undefined && org.stripeAccountId !== null && org.transfersCapability === 'active';

/** The guard before any Stripe call for a line: refuses an organisation that cannot receive transfers. */
export const assertCanReceiveTransfers = (org: OrganisationPayoutState | undefined, organisationId: string): string => {
  if (!canReceiveTransfers(org)) {
    throw new AppError('payouts_not_enabled', `Organisation ${organisationId} cannot receive transfers yet (Stripe onboarding incomplete).`);
  }
  return org.stripeAccountId;
};

export interface Grouped {
  readonly lines: { organisationId: string; amountPence: number; referralCount: number; blockInstalmentCount: number; payables: Payable[]; breakdown: PayoutLine['breakdown'] }[];
  readonly held: HeldOrganisation[];
}

/** One line per organisation that can be paid; the others are held with their amount and reason. */
export const groupPayables = (payables: readonly Payable[], orgs: ReadonlyMap<string, OrganisationPayoutState>): Grouped => {
  const byOrg = new Map<string, Payable[]>();
  for (const p of payables) byOrg.set(p.organisationId, [...(byOrg.get(p.organisationId) ?? []), p]);
  const lines: Grouped['lines'] = [];
  const held: HeldOrganisation[] = [];
  for (const [organisationId, items] of [...byOrg.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const amountPence = items.reduce((sum, p) => sum + p.amountPence, 0);
    const org = orgs.get(organisationId);
    if (!canReceiveTransfers(org)) {
      held.push({ organisationId, amountPence, reason: org?.stripeAccountId ? 'transfers_not_active' : 'no_stripe_account' });
      continue;
    }
    const breakdown = { month: {} as Breakdown, priorityGroup: {} as Breakdown, pcn: {} as Breakdown };
    for (const p of items) {
      const parts = payableBreakdown(p);
      for (const dim of ['month', 'priorityGroup', 'pcn'] as const) {
        for (const [key, amount] of Object.entries(parts[dim])) breakdown[dim][key] = (breakdown[dim][key] ?? 0) + amount;
      }
    }
    lines.push({ organisationId, amountPence, referralCount: items.filter((p) => p.referralId !== null).length, blockInstalmentCount: items.filter(isBlockInstalment).length, payables: items, breakdown });
  }
  return { lines, held };
};

/** The run's final status once no line is pending. */
export const settledStatus = (lines: readonly Pick<PayoutLine, 'status'>[]): RunStatus =>
  lines.some((l) => l.status === 'failed') ? 'paid_with_failures' : 'paid';

/**
 * The key for the next attempt at a failed line. Stripe keeps the first result for a key for 24
 * hours, errors included: after a definitive refusal (nothing was created) a new key is needed for
 * a new outcome; after an unknown outcome (timeout, 5xx, crash) only the same key is safe.
 */
export const retryKey = (line: Pick<PayoutLine, 'id' | 'attempt' | 'idempotencyKey' | 'failureDefinitive'>): { key: string; attempt: number } =>
  line.failureDefinitive ? { key: `${line.id}-${line.attempt + 1}`, attempt: line.attempt + 1 } : { key: line.idempotencyKey, attempt: line.attempt };

/**
 * What a drafted run's audit event records of its lines: their count and a SHA-256 over each line's
 * id, organisation and amount, in id order. Listing the lines themselves would pass DynamoDB's
 * 400 KB item limit at about 4,000 lines; the digest still proves which lines the run was drafted
 * with, since each line is its own item and can be hashed again to check.
 */
export const linesDigest = (lines: readonly Pick<PayoutLine, 'id' | 'organisationId' | 'amountPence'>[]): { lineCount: number; linesSha256: string } => {
  const canonical = [...lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((l) => `${l.id}:${l.organisationId}:${l.amountPence}`);
  return { lineCount: lines.length, linesSha256: createHash('sha256').update(canonical.join('\n')).digest('hex') };
};
