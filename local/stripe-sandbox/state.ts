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
  external_accounts: { object: 'list'; data: unknown[]; has_more: boolean; total_count: number; url: string };
  metadata: Record<string, string>;
  payouts_enabled: boolean;
  requirements: {
    currently_due: string[];
    eventually_due: string[];
    past_due: string[];
    pending_verification: string[];
    disabled_reason: string | null;
    current_deadline: number | null;
    errors: unknown[];
  };
  tos_acceptance: { date: number | null };
  type: string;
}

export interface AccountLinkRecord {
  token: string;
  account: string;
  refreshUrl: string;
  returnUrl: string;
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
  reversals: { object: 'list'; data: ReversalObject[]; has_more: boolean; total_count: number; url: string };
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
  version: 1;
  balancePence: number;
  accounts: AccountObject[];
  accountLinks: AccountLinkRecord[];
  transfers: TransferObject[];
  events: EventObject[];
  idempotency: IdempotencyEntry[];
}

export class SandboxStore {
  balancePence: number;
  readonly accounts = new Map<string, AccountObject>();
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  /** Insertion order is creation order; lists answer newest first like Stripe. */
  readonly transfers = new Map<string, TransferObject>();
  readonly events: EventObject[] = [];
  readonly idempotency = new Map<string, IdempotencyEntry>();

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
    this.save();
  }

  /** Writes the whole state atomically (temp file + rename); a crash mid-write keeps the old file. */
  save(): void {
    if (!this.dataFile) return;
    const snapshot: Snapshot = {
      version: 1,
      balancePence: this.balancePence,
      accounts: [...this.accounts.values()],
      accountLinks: [...this.accountLinks.values()],
      transfers: [...this.transfers.values()],
      events: this.events,
      idempotency: [...this.idempotency.values()],
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
    if (snapshot.version !== 1) throw new Error(`Unsupported Stripe sandbox data file version in ${file}`);
    this.balancePence = snapshot.balancePence;
    for (const account of snapshot.accounts) this.accounts.set(account.id, account);
    for (const link of snapshot.accountLinks) this.accountLinks.set(link.token, link);
    for (const transfer of snapshot.transfers) this.transfers.set(transfer.id, transfer);
    this.events.push(...snapshot.events);
    for (const entry of snapshot.idempotency) this.idempotency.set(entry.key, entry);
  }
}
