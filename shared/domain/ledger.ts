// Double-entry ledger: every movement takes an amount out of one account and into another.
//
//   funding ──fund created──▶ available ──reserve (block agreement, per-referral tariff)──▶ reserved
//   reserved ──transfer paid──▶ paid ──transfer reversed──▶ reserved
//   reserved ──block released (an agreement ended early)──▶ available
//
// Summing every movement per account gives the fund's figures: funding = -total, and
// available, reserved and paid equal the fund's counters.
export const ACCOUNTS = ['funding', 'available', 'reserved', 'paid'] as const;
export type Account = (typeof ACCOUNTS)[number];

export const MOVEMENT_KINDS = ['fund_created', 'block_reserved', 'tariff_reserved', 'transfer_paid', 'transfer_reversed', 'block_released'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface Movement {
  readonly id: string;
  readonly fundId: string;
  readonly kind: MovementKind;
  readonly from: Account;
  readonly to: Account;
  readonly amountPence: number;
  readonly at: string;
  /** What caused it: the agreement, referral, payout run or line. */
  readonly refs: Readonly<Record<string, string>>;
}

const ROUTE: Record<MovementKind, readonly [Account, Account]> = {
  fund_created: ['funding', 'available'],
  block_reserved: ['available', 'reserved'],
  tariff_reserved: ['available', 'reserved'],
  transfer_paid: ['reserved', 'paid'],
  transfer_reversed: ['paid', 'reserved'],
  block_released: ['reserved', 'available'],
};

export const movement = (input: Omit<Movement, 'from' | 'to'>): Movement => {
  const [from, to] = ROUTE[input.kind];
  return { ...input, from, to };
};

/** Balances per account from movements; the legs of every movement cancel, so they sum to zero. */
export const balances = (movements: readonly Pick<Movement, 'from' | 'to' | 'amountPence'>[]): Record<Account, number> => {
  const totals: Record<Account, number> = { funding: 0, available: 0, reserved: 0, paid: 0 };
  for (const m of movements) {
    totals[m.from] -= m.amountPence;
    totals[m.to] += m.amountPence;
  }
  return totals;
};
