// The sandbox's in-memory Stripe state (Maps), optionally mirrored to a JSON file so `npm start` survives restarts.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type CapabilityStatus = 'active' | 'inactive' | 'pending' | 'unrequested';

/** The v1 Account object, reduced to what a GB Express account carries here. */
export interface AccountObject {
  id: string;
  object: 'account';
  business_type: string | null;
  capabilities: { transfers?: CapabilityStatus; card_payments?: CapabilityStatus };
  charges_enabled: boolean;
  controller: Record<string, unknown>;
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  // Embedded lists carry no total_count since API version 2020-08-27.
  external_accounts: { object: 'list'; data: unknown[]; has_more: boolean; url: string };
  metadata: Record<string, string>;
  payouts_enabled: boolean;
  requirements: {
    alternatives: { alternative_fields_due: string[]; original_fields_due: string[] }[];
    currently_due: string[];
    eventually_due: string[];
    past_due: string[];
    pending_verification: string[];
    disabled_reason: string | null;
    current_deadline: number | null;
    errors: unknown[];
  };
  tos_acceptance: { date: number | null; service_agreement: 'full' | 'recipient' };
  type: string;
}

export interface AccountLinkRecord {
  token: string;
  account: string;
  refreshUrl: string | null;
  returnUrl: string | null;
  type: string;
  created: number;
  expiresAt: number;
  used: boolean;
}

export interface ReversalObject {
  id: string;
  object: 'transfer_reversal';
  amount: number;
  balance_transaction: string;
  created: number;
  currency: string;
  destination_payment_refund: string;
  metadata: Record<string, string>;
  source_refund: null;
  transfer: string;
}

export interface TransferObject {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Record<string, string>;
  reversals: { object: 'list'; data: ReversalObject[]; has_more: boolean; url: string };
  reversed: boolean;
  source_transaction: null;
  source_type: 'card';
  transfer_group: string | null;
}

export interface EventObject {
  id: string;
  object: 'event';
  account?: string;
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** A movement on a balance: the platform's (account null) or a connected account's. */
export interface BalanceTransactionObject {
  id: string;
  object: 'balance_transaction';
  amount: number;
  available_on: number;
  balance_type: 'payments';
  created: number;
  currency: string;
  description: string | null;
  exchange_rate: null;
  fee: number;
  fee_details: never[];
  net: number;
  reporting_category: string;
  source: string;
  status: 'available' | 'pending';
  type: 'payment' | 'payment_refund' | 'payout' | 'transfer' | 'transfer_refund';
}

export interface PayoutObject {
  id: string;
  object: 'payout';
  amount: number;
  application_fee: null;
  application_fee_amount: null;
  arrival_date: number;
  automatic: boolean;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  failure_balance_transaction: null;
  failure_code: null;
  failure_message: null;
  livemode: false;
  metadata: Record<string, string>;
  method: 'standard';
  original_payout: null;
  payout_method: null;
  reconciliation_status: 'completed';
  reversed_by: null;
  source_type: 'card';
  statement_descriptor: string | null;
  status: 'paid';
  trace_id: null;
  type: 'bank_account';
}

/** A balance transaction and whose balance it moved; `payout` once a payout has carried it. */
export interface LedgerEntry {
  account: string | null;
  payout: string | null;
  object: BalanceTransactionObject;
}

/** A finished request saved under its idempotency key (see idempotency.ts). */
export interface IdempotencyEntry {
  key: string;
  method: string;
  path: string;
  paramsFingerprint: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  requestId: string;
  savedAt: number;
}

interface Snapshot {
  version: 1 | 2;
  balancePence: number;
  accounts: AccountObject[];
  accountLinks: AccountLinkRecord[];
  transfers: TransferObject[];
  events: EventObject[];
  idempotency: IdempotencyEntry[];
  ledger?: LedgerEntry[];
  payouts?: { account: string; object: PayoutObject }[];
}

export class SandboxStore {
  balancePence: number;
  readonly accounts = new Map<string, AccountObject>();
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  /** Insertion order is creation order; lists answer newest first like Stripe. */
  readonly transfers = new Map<string, TransferObject>();
  readonly events: EventObject[] = [];
  readonly idempotency = new Map<string, IdempotencyEntry>();
  /** Every balance transaction, oldest first. */
  readonly ledger: LedgerEntry[] = [];
  readonly payouts = new Map<string, { account: string; object: PayoutObject }>();

  constructor(
    private readonly initialBalancePence: number,
    private readonly dataFile?: string,
  ) {
    this.balancePence = initialBalancePence;
    if (dataFile) this.load(dataFile);
  }

  reset(): void {
    this.balancePence = this.initialBalancePence;
    this.accounts.clear();
    this.accountLinks.clear();
    this.transfers.clear();
    this.events.length = 0;
    this.idempotency.clear();
    this.ledger.length = 0;
    this.payouts.clear();
    this.save();
  }

  /** Writes the whole state atomically (temp file + rename); a crash mid-write keeps the old file. */
  save(): void {
    if (!this.dataFile) return;
    const snapshot: Snapshot = {
      version: 2,
      balancePence: this.balancePence,
      accounts: [...this.accounts.values()],
      accountLinks: [...this.accountLinks.values()],
      transfers: [...this.transfers.values()],
      events: this.events,
      idempotency: [...this.idempotency.values()],
      ledger: this.ledger,
      payouts: [...this.payouts.values()],
    };
    mkdirSync(dirname(this.dataFile), { recursive: true });
    const temp = `${this.dataFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(snapshot));
    renameSync(temp, this.dataFile);
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const snapshot = JSON.parse(text) as Snapshot;
    if (snapshot.version !== 1 && snapshot.version !== 2) throw new Error(`Unsupported Stripe sandbox data file version in ${file}`);
    this.balancePence = snapshot.balancePence;
    for (const account of snapshot.accounts) this.accounts.set(account.id, account);
    for (const link of snapshot.accountLinks) this.accountLinks.set(link.token, link);
    for (const transfer of snapshot.transfers) this.transfers.set(transfer.id, transfer);
    this.events.push(...snapshot.events);
    for (const entry of snapshot.idempotency) this.idempotency.set(entry.key, entry);
    this.ledger.push(...(snapshot.ledger ?? []));
    for (const payout of snapshot.payouts ?? []) this.payouts.set(payout.object.id, payout);
    if (snapshot.version === 1) upgradeFromVersion1(this);
  }
}

/** Files written before version 2 carry shapes Stripe no longer sends; bring them up to date on load. */
function upgradeFromVersion1(store: SandboxStore): void {
  for (const account of store.accounts.values()) {
    delete (account.external_accounts as { total_count?: number }).total_count;
    account.requirements = { ...account.requirements, alternatives: account.requirements.alternatives ?? [] };
    account.tos_acceptance = { ...account.tos_acceptance, service_agreement: account.tos_acceptance.service_agreement ?? 'full' };
    if (account.capabilities.card_payments !== 'active') account.charges_enabled = false;
  }
  for (const transfer of store.transfers.values()) delete (transfer.reversals as { total_count?: number }).total_count;
}
