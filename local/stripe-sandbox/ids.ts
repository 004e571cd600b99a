// Stripe-style object ids (`acct_`, `tr_`, `trr_`, `evt_`, `req_`, ...) and secrets.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 62 does not divide 256, so there is a slight bias; harmless for test ids.
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export const newId = {
  account: () => `acct_1${randomString(15)}`,
  transfer: () => `tr_1${randomString(23)}`,
  reversal: () => `trr_1${randomString(23)}`,
  balanceTransaction: () => `txn_1${randomString(23)}`,
  destinationPayment: () => `py_1${randomString(23)}`,
  destinationPaymentRefund: () => `pyr_1${randomString(23)}`,
  payout: () => `po_1${randomString(23)}`,
  event: () => `evt_1${randomString(23)}`,
  request: () => `req_${randomString(14)}`,
  linkToken: () => randomString(32),
  webhookSecret: () => `whsec_${randomString(32)}`,
} as const;
